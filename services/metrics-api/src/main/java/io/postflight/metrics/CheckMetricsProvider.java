package io.postflight.metrics;

/**
 * Fetches the series of a custom check (a business metric, a PromQL query) for one version. The
 * same sources as traffic implement it, bounded the same way; a source that cannot answer throws
 * {@link MetricsUnavailableException} and the look counts as failed, never as a pass.
 */
public interface CheckMetricsProvider {

    /**
     * The check's series for {@code query.version()} over the query window.
     *
     * @param source what to read: a PromQL template for Prometheus (placeholders as the traffic
     *     queries'), a metric name for a scrape source
     */
    CheckSeries check(MetricQuery query, CheckSource source) throws MetricsUnavailableException;

    /**
     * What a custom check reads.
     *
     * @param name the check's name, for logs and errors
     * @param query PromQL template, for a Prometheus source (blank: none)
     * @param metric metric name on the instances' pages, for a scrape source (blank: none)
     * @param counter whether {@code metric} is a counter (its increase per minute is the value) or a
     *     gauge (its value, summed over the version's series and averaged over its instances)
     */
    record CheckSource(String name, String query, String metric, boolean counter) {
    }
}
