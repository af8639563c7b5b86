package io.postflight.provider.prometheus;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the {@link PrometheusMetricsProvider} finds Prometheus (or anything serving its HTTP
 * API: Thanos, Mimir, VictoriaMetrics) and which queries it runs.
 *
 * @param baseUrl the server, e.g. {@code http://prometheus:9090}; {@code /api/v1/query_range} is appended
 * @param requestTimeout limit of one HTTP request (the {@code ResilientCalls} policy bounds the
 *     whole call, retries included)
 * @param defaultQueries templates used for services without an override
 * @param queryOverrides templates by {@code "service/environment"} or by {@code "service"}; the
 *     first found wins, then {@code defaultQueries}
 * @param headers extra HTTP headers sent with each query (e.g. {@code Authorization},
 *     {@code X-Scope-OrgID})
 */
public record PrometheusConfig(
        URI baseUrl,
        Duration requestTimeout,
        PrometheusQueries defaultQueries,
        Map<String, PrometheusQueries> queryOverrides,
        Map<String, String> headers) {

    public static final URI DEFAULT_BASE_URL = URI.create("http://127.0.0.1:9090");
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public PrometheusConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        defaultQueries = defaultQueries == null ? PrometheusQueries.defaults() : defaultQueries;
        queryOverrides = queryOverrides == null ? Map.of() : Map.copyOf(queryOverrides);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** The default queries against {@code baseUrl}. */
    public static PrometheusConfig of(URI baseUrl) {
        return new PrometheusConfig(baseUrl, DEFAULT_REQUEST_TIMEOUT, PrometheusQueries.defaults(), Map.of(), Map.of());
    }

    /** The defaults: a local Prometheus on port 9090. */
    public static PrometheusConfig defaults() {
        return of(DEFAULT_BASE_URL);
    }

    /** The templates for one service in one environment. */
    public PrometheusQueries queriesFor(String service, String environment) {
        PrometheusQueries exact = queryOverrides.get(service + "/" + environment);
        if (exact != null) {
            return exact;
        }
        return queryOverrides.getOrDefault(service, defaultQueries);
    }

    /** This configuration with the given templates as defaults. */
    public PrometheusConfig withDefaultQueries(PrometheusQueries queries) {
        return new PrometheusConfig(baseUrl, requestTimeout, queries, queryOverrides, headers);
    }

    /** This configuration with {@code queries} for {@code key} ({@code "service"} or {@code "service/environment"}). */
    public PrometheusConfig withOverride(String key, PrometheusQueries queries) {
        Map<String, PrometheusQueries> all = new HashMap<>(queryOverrides);
        all.put(key, queries);
        return new PrometheusConfig(baseUrl, requestTimeout, defaultQueries, all, headers);
    }
}
