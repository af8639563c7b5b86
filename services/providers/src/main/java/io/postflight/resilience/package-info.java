/**
 * Bounds on every outbound call: timeout, retries with backoff and jitter, a circuit breaker per
 * endpoint, and a classification of failures into permanent and transient, so an outage is
 * reported rather than waited for.
 */
package io.postflight.resilience;
