package io.postflight.metrics;

/**
 * Fetches request traffic (requests, errors, latency histogram) of one version. One
 * implementation per metric source, each in its own package under {@code io.postflight.provider}.
 * Implementations bound every call (timeout, retry, circuit breaker) and throw
 * {@link MetricsUnavailableException} when the source cannot answer: the phase then becomes
 * INCONCLUSIVE, never PASSED.
 */
public interface TrafficMetricsProvider {

    /** Short name for logs, metrics and evidence ("prometheus", "scrape", "recorded"). */
    String name();

    /** The traffic of {@code query.version()} over the query window. */
    TrafficSeries traffic(MetricQuery query) throws MetricsUnavailableException;
}
