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

    /**
     * Which steps of {@code query} the verifier could not sample on time because it was itself
     * starved (of CPU, say): element {@code i} is true when step {@code i} may be missing for the
     * verifier's sake, not the version's. Providers reading a store that samples on its own
     * (Prometheus, recordings) have none, the default: an empty array.
     */
    default boolean[] verifierStarvedSteps(MetricQuery query) {
        return new boolean[0];
    }
}
