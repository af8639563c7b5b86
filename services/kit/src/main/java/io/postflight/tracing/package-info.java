/**
 * One trace per verification (ADR 0026): the W3C trace context carried in Kafka record headers
 * from the intake to the decision and the alert, short spans on the way, and the trace id in the
 * logs. Off by default: then a no-op OpenTelemetry passes an incoming context through unchanged
 * and records nothing.
 */
package io.postflight.tracing;
