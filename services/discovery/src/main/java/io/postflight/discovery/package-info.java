/**
 * The discovery service (ADR 0029): for each verification whose targets are discovered, watches the
 * new version's pods in Kubernetes and publishes full snapshots of them, keyed by slot, on
 * {@code postflight.targets}, which the health verifier follows.
 */
package io.postflight.discovery;
