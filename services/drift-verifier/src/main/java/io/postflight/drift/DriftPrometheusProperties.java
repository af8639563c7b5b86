package io.postflight.drift;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.postflight.provider.prometheus.PrometheusConfig;
import io.postflight.provider.prometheus.PrometheusQueries;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the {@code prometheus} provider ({@code postflight.drift.prometheus.*}). The
 * resource queries default to {@link PrometheusQueries#defaults()} (cAdvisor and
 * kube-state-metrics); each can be replaced, a blank one is not queried.
 *
 * @param baseUrl the server (Prometheus, Thanos, Mimir, VictoriaMetrics)
 * @param requestTimeout limit of one HTTP request
 * @param headers extra headers sent with each query (e.g. {@code X-Scope-OrgID})
 * @param memory memory template, or null for the default
 * @param cpu CPU template, or null for the default
 * @param disk disk template, or null for the default
 * @param memoryLimit memory-limit template, or null for the default
 */
@ConfigurationProperties("postflight.drift.prometheus")
public record DriftPrometheusProperties(
        @NotNull @Bindable(defaultValue = "http://127.0.0.1:9090") URI baseUrl,
        @NotNull @Bindable(defaultValue = "10s") Duration requestTimeout,
        @Nullable Map<String, String> headers,
        @Nullable String memory,
        @Nullable String cpu,
        @Nullable String disk,
        @Nullable String memoryLimit) {

    /** The provider configuration. */
    public PrometheusConfig prometheusConfig() {
        PrometheusQueries d = PrometheusQueries.defaults();
        PrometheusQueries queries = d.withResources(d.pods(), or(memory, d.memory()), or(cpu, d.cpu()),
                or(disk, d.disk()), or(memoryLimit, d.memoryLimit()), d.restarts());
        return new PrometheusConfig(baseUrl, requestTimeout, queries, Map.of(), headers);
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
