package io.postflight.provider.source;

import io.postflight.provider.prometheus.PrometheusConfig;
import io.postflight.provider.prometheus.PrometheusQueries;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code prometheus} part of a metrics source ({@code postflight.<phase>.metrics.prometheus.*}).
 *
 * @param url the server; {@code /api/v1/query_range} is appended
 * @param headers extra HTTP headers sent with each query (e.g. {@code X-Scope-OrgID})
 * @param serviceLabel label naming the service on the series (blank: none)
 * @param environmentLabel label naming the environment on the series (blank: none)
 * @param versionLabel label naming the version on the series
 * @param resourceQueries replacements for the resource query templates, by name ({@code memory},
 *     {@code cpu}, {@code disk}, {@code memory-limit}); a blank template is not queried
 */
public record PrometheusSource(URI url, Map<String, String> headers, String serviceLabel, String environmentLabel,
                               String versionLabel, Map<String, String> resourceQueries) {

    public static final URI DEFAULT_URL = PrometheusConfig.DEFAULT_BASE_URL;
    public static final PrometheusSource DEFAULTS = new PrometheusSource(DEFAULT_URL, Map.of(),
            PrometheusQueries.DEFAULT_SERVICE_LABEL, PrometheusQueries.DEFAULT_ENVIRONMENT_LABEL,
            PrometheusQueries.DEFAULT_VERSION_LABEL, Map.of());

    public PrometheusSource {
        Objects.requireNonNull(url, "url");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        serviceLabel = serviceLabel == null ? "" : serviceLabel;
        environmentLabel = environmentLabel == null ? "" : environmentLabel;
        Objects.requireNonNull(versionLabel, "versionLabel");
        resourceQueries = resourceQueries == null ? Map.of() : Map.copyOf(resourceQueries);
    }

    /** The provider's configuration, each request limited to {@code timeout}. */
    public PrometheusConfig config(Duration timeout) {
        PrometheusQueries d = PrometheusQueries.defaults();
        PrometheusQueries queries = d.withLabels(serviceLabel, environmentLabel, versionLabel)
                .withResources(d.pods(), query("memory", d.memory()), query("cpu", d.cpu()),
                        query("disk", d.disk()), query("memory-limit", d.memoryLimit()), d.restarts());
        return new PrometheusConfig(url, timeout, queries, Map.of(), headers);
    }

    private String query(String name, String fallback) {
        return resourceQueries.getOrDefault(name, fallback);
    }
}
