package io.postflight.metrics;

/**
 * Fetches resource gauges (working-set memory, CPU, disk) of one version. Same contract as
 * {@link TrafficMetricsProvider}: bounded calls, {@link MetricsUnavailableException} on outage.
 */
public interface ResourceMetricsProvider {

    /** Short name for logs, metrics and evidence. */
    String name();

    /** The resource samples of {@code query.version()} over the query window. */
    ResourceSeries resources(MetricQuery query) throws MetricsUnavailableException;
}
