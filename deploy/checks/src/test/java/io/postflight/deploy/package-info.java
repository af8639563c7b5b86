/**
 * Checks of what Postflight ships besides its code: the service images run from their tars
 * without a Docker engine, the Kubernetes overlays rendered and parsed, and the Prometheus rules
 * tested with promtool (ADR 0016).
 */
package io.postflight.deploy;
