/**
 * The new version's pods read from kube-state-metrics through Prometheus, for teams that give
 * Postflight their Prometheus but no Kubernetes API access (ADR 0029 §7): a bounded number of instant
 * queries per workload, never per pod, answered in the same {@code DiscoveredWorkload} the API path
 * gives. Every value put into a query is validated and escaped, so no name can change a query.
 */
package io.postflight.provider.kubernetes.ksm;
