package io.postflight.provider.prometheus;

import io.postflight.metrics.MetricQuery;
import java.time.Duration;
import java.util.Objects;

/**
 * The PromQL templates the {@link PrometheusMetricsProvider} runs for one service (or the
 * defaults). Placeholders, replaced verbatim with PromQL-escaped values:
 * <ul>
 *   <li>{@code {selector}}: the label matchers of the traffic metrics,
 *       {@code serviceLabel="<service>",environmentLabel="<environment>",versionLabel="<version>"}
 *       (a matcher whose label name is blank is left out);</li>
 *   <li>{@code {service}}, {@code {environment}}, {@code {version}}: the query's values;</li>
 *   <li>{@code {step}}: the step as a PromQL duration ({@code 60s}): per-step increases;</li>
 *   <li>{@code {rateRange}}: {@code max(step, minRateRange)}: the range of {@code rate()}s,
 *       which need at least two samples in their range;</li>
 *   <li>{@code {pods}}: the {@link #pods} template, a {@code (namespace, pod) -> 1} vector of
 *       the version's pods to join container metrics with.</li>
 * </ul>
 * Traffic templates must return one series ({@code sum(...)}), the bucket template one series
 * per {@code le}. Resource templates must return one series; a blank template is not queried.
 *
 * @param requests per-step increase of requests served
 * @param errors per-step increase of failed (5xx) requests
 * @param latencyBuckets per-step increase of the cumulative latency buckets, {@code by (le)}
 * @param leToMillis factor from the {@code le} label's unit to milliseconds (1000 for seconds)
 * @param serviceLabel label carrying the service name in {@code {selector}}
 * @param environmentLabel label carrying the environment in {@code {selector}}
 * @param versionLabel label carrying the version in {@code {selector}}
 * @param pods the version's pods (kube-state-metrics {@code kube_pod_labels} by default)
 * @param memory working-set memory in bytes, of the version's largest pod
 * @param cpu CPU in use, in cores, averaged over the version's pods
 * @param disk disk used in bytes, of the version's largest pod
 * @param memoryLimit the pods' memory limit in bytes; the last value in the window is used
 * @param restarts per-step increase of container restarts of the version's pods
 * @param minRateRange lower bound of {@code {rateRange}}: a few scrape intervals
 */
public record PrometheusQueries(
        String requests,
        String errors,
        String latencyBuckets,
        double leToMillis,
        String serviceLabel,
        String environmentLabel,
        String versionLabel,
        String pods,
        String memory,
        String cpu,
        String disk,
        String memoryLimit,
        String restarts,
        Duration minRateRange) {

    public static final String DEFAULT_SERVICE_LABEL = "service";
    public static final String DEFAULT_ENVIRONMENT_LABEL = "env";
    public static final String DEFAULT_VERSION_LABEL = "version";
    /** Micrometer's timer, as Micronaut and Spring export it, in seconds. */
    public static final String DEFAULT_REQUESTS =
            "sum(increase(http_server_requests_seconds_count{{selector}}[{step}]))";
    public static final String DEFAULT_ERRORS =
            "sum(increase(http_server_requests_seconds_count{{selector},status=~\"5..\"}[{step}]))";
    public static final String DEFAULT_LATENCY_BUCKETS =
            "sum by (le)(increase(http_server_requests_seconds_bucket{{selector}}[{step}]))";
    public static final double DEFAULT_LE_TO_MILLIS = 1000.0;
    /** Needs kube-state-metrics run with {@code --metric-labels-allowlist=pods=[app.kubernetes.io/name,app.kubernetes.io/version]}. */
    public static final String DEFAULT_PODS = "max by (namespace, pod)(kube_pod_labels{namespace=\"{environment}\","
            + "label_app_kubernetes_io_name=\"{service}\",label_app_kubernetes_io_version=\"{version}\"})";
    private static final String CONTAINERS = "namespace=\"{environment}\",container!=\"\",container!=\"POD\"";
    public static final String DEFAULT_MEMORY = "max(sum by (namespace, pod)(container_memory_working_set_bytes{"
            + CONTAINERS + "}) * on (namespace, pod) group_left() {pods})";
    public static final String DEFAULT_CPU = "avg(sum by (namespace, pod)(rate(container_cpu_usage_seconds_total{"
            + CONTAINERS + "}[{rateRange}])) * on (namespace, pod) group_left() {pods})";
    public static final String DEFAULT_DISK = "max(sum by (namespace, pod)(container_fs_usage_bytes{"
            + CONTAINERS + "}) * on (namespace, pod) group_left() {pods})";
    public static final String DEFAULT_MEMORY_LIMIT = "max(sum by (namespace, pod)(kube_pod_container_resource_limits{"
            + "namespace=\"{environment}\",resource=\"memory\"}) * on (namespace, pod) group_left() {pods})";
    public static final String DEFAULT_RESTARTS = "sum(sum by (namespace, pod)(increase("
            + "kube_pod_container_status_restarts_total{namespace=\"{environment}\"}[{step}])) "
            + "* on (namespace, pod) group_left() {pods})";
    public static final Duration DEFAULT_MIN_RATE_RANGE = Duration.ofMinutes(1);

    public PrometheusQueries {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(latencyBuckets, "latencyBuckets");
        Objects.requireNonNull(minRateRange, "minRateRange");
        if (!(leToMillis > 0)) {
            throw new IllegalArgumentException("leToMillis must be positive: " + leToMillis);
        }
        serviceLabel = serviceLabel == null ? "" : serviceLabel;
        environmentLabel = environmentLabel == null ? "" : environmentLabel;
        versionLabel = versionLabel == null ? "" : versionLabel;
        pods = pods == null ? "" : pods;
        memory = memory == null ? "" : memory;
        cpu = cpu == null ? "" : cpu;
        disk = disk == null ? "" : disk;
        memoryLimit = memoryLimit == null ? "" : memoryLimit;
        restarts = restarts == null ? "" : restarts;
    }

    /** Micrometer-style HTTP metrics and cAdvisor / kube-state-metrics resources. */
    public static PrometheusQueries defaults() {
        return new PrometheusQueries(DEFAULT_REQUESTS, DEFAULT_ERRORS, DEFAULT_LATENCY_BUCKETS,
                DEFAULT_LE_TO_MILLIS, DEFAULT_SERVICE_LABEL, DEFAULT_ENVIRONMENT_LABEL, DEFAULT_VERSION_LABEL,
                DEFAULT_PODS, DEFAULT_MEMORY, DEFAULT_CPU, DEFAULT_DISK, DEFAULT_MEMORY_LIMIT, DEFAULT_RESTARTS,
                DEFAULT_MIN_RATE_RANGE);
    }

    /** These templates with other label names in {@code {selector}}. */
    public PrometheusQueries withLabels(String service, String environment, String version) {
        return new PrometheusQueries(requests, errors, latencyBuckets, leToMillis, service, environment, version,
                pods, memory, cpu, disk, memoryLimit, restarts, minRateRange);
    }

    /** These templates with other traffic queries. */
    public PrometheusQueries withTraffic(String newRequests, String newErrors, String newLatencyBuckets,
                                         double newLeToMillis) {
        return new PrometheusQueries(newRequests, newErrors, newLatencyBuckets, newLeToMillis, serviceLabel,
                environmentLabel, versionLabel, pods, memory, cpu, disk, memoryLimit, restarts, minRateRange);
    }

    /** These templates with other resource queries (blank: not queried). */
    public PrometheusQueries withResources(String newPods, String newMemory, String newCpu, String newDisk,
                                           String newMemoryLimit, String newRestarts) {
        return new PrometheusQueries(requests, errors, latencyBuckets, leToMillis, serviceLabel, environmentLabel,
                versionLabel, newPods, newMemory, newCpu, newDisk, newMemoryLimit, newRestarts, minRateRange);
    }

    /** These templates with another lower bound of {@code {rateRange}}. */
    public PrometheusQueries withMinRateRange(Duration newMinRateRange) {
        return new PrometheusQueries(requests, errors, latencyBuckets, leToMillis, serviceLabel, environmentLabel,
                versionLabel, pods, memory, cpu, disk, memoryLimit, restarts, newMinRateRange);
    }

    /** {@code template} with its placeholders filled in for {@code query} at {@code stepSeconds}. */
    public String render(String template, MetricQuery query, long stepSeconds) {
        long rateRange = Math.max(stepSeconds, minRateRange.toSeconds());
        return template
                .replace("{pods}", pods)
                .replace("{selector}", selector(query))
                .replace("{service}", escape(query.service()))
                .replace("{environment}", escape(query.environment()))
                .replace("{version}", escape(query.version()))
                .replace("{step}", stepSeconds + "s")
                .replace("{rateRange}", rateRange + "s");
    }

    private String selector(MetricQuery query) {
        StringBuilder out = new StringBuilder();
        matcher(out, serviceLabel, query.service());
        matcher(out, environmentLabel, query.environment());
        matcher(out, versionLabel, query.version());
        return out.toString();
    }

    private static void matcher(StringBuilder out, String label, String value) {
        if (label.isBlank() || value == null) {
            return;
        }
        if (!out.isEmpty()) {
            out.append(',');
        }
        out.append(label).append("=\"").append(escape(value)).append('"');
    }

    /** Escapes a value for a double-quoted PromQL string literal. */
    static String escape(String value) {
        if (value == null) {
            return "";
        }
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
