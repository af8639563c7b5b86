/**
 * The metrics API: the traffic and resource series judges read, the queries that ask for them, and
 * the narrow provider interfaces (TrafficMetricsProvider, ResourceMetricsProvider) every metrics
 * source implements. No framework, shared by services, backtest and benchmarks.
 */
package io.postflight.metrics;
