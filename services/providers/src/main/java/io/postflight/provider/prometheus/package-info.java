/**
 * The Prometheus provider: traffic and resource series from the Prometheus HTTP API (or Thanos,
 * Mimir, VictoriaMetrics) through configurable PromQL templates.
 */
package io.postflight.provider.prometheus;
