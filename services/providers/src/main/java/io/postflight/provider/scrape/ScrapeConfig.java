package io.postflight.provider.scrape;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the {@link ScrapeMetricsProvider} reads from each instance's {@code /metrics} page.
 * Defaults match Micrometer's Prometheus export (Micronaut, Spring Boot) and the standard
 * {@code process_*} / {@code jvm_*} metrics.
 *
 * @param requestsMetric counter of requests served, one series per status/uri/... label set
 * @param errorsMetric counter of failed requests; blank: the {@code requestsMetric} series whose
 *     {@code errorLabel} matches {@code errorPattern}
 * @param errorLabel label of {@code requestsMetric} holding the status
 * @param errorPattern regular expression a failed request's status matches (whole value)
 * @param latencyBucketMetric the latency histogram's cumulative {@code _bucket} series
 * @param leToMillis factor from the {@code le} unit to milliseconds (1000 for seconds)
 * @param versionLabel label naming the version on a sample; samples carrying it with another
 *     value are ignored (one page may serve several versions); blank: no filter
 * @param memoryMetrics gauges of memory in bytes, by preference: the first one present is used
 *     (its series summed)
 * @param cpuSecondsMetric counter of CPU seconds used; its per-interval rate is the CPU in cores
 * @param diskMetric gauge of disk bytes used; blank: not read (disk samples are {@code NaN})
 * @param processStartMetric gauge of the process start time; when it changes, every counter of
 *     the instance restarted from zero
 * @param memoryLimitBytes the memory limit to report, or {@code null} when none is known
 * @param requestTimeout limit of one scrape request
 * @param scrapeInterval period of {@link ScrapeMetricsProvider#scrapeEvery}
 * @param retention how long scraped intervals are kept for queries
 * @param checkMetrics further metrics kept for custom checks (their series summed per instance)
 */
public record ScrapeConfig(
        String requestsMetric,
        String errorsMetric,
        String errorLabel,
        String errorPattern,
        String latencyBucketMetric,
        double leToMillis,
        String versionLabel,
        List<String> memoryMetrics,
        String cpuSecondsMetric,
        String diskMetric,
        String processStartMetric,
        Double memoryLimitBytes,
        Duration requestTimeout,
        Duration scrapeInterval,
        Duration retention,
        Set<String> checkMetrics) {

    public static final String DEFAULT_REQUESTS_METRIC = "http_server_requests_seconds_count";
    public static final String DEFAULT_ERRORS_METRIC = "";
    public static final String DEFAULT_ERROR_LABEL = "status";
    public static final String DEFAULT_ERROR_PATTERN = "5..";
    public static final String DEFAULT_LATENCY_BUCKET_METRIC = "http_server_requests_seconds_bucket";
    public static final double DEFAULT_LE_TO_MILLIS = 1000.0;
    public static final String DEFAULT_VERSION_LABEL = "version";
    public static final List<String> DEFAULT_MEMORY_METRICS =
            List.of("process_resident_memory_bytes", "jvm_memory_used_bytes");
    public static final String DEFAULT_CPU_SECONDS_METRIC = "process_cpu_seconds_total";
    public static final String DEFAULT_DISK_METRIC = "";
    public static final String DEFAULT_PROCESS_START_METRIC = "process_start_time_seconds";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SCRAPE_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(26);

    public ScrapeConfig {
        Objects.requireNonNull(requestsMetric, "requestsMetric");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(scrapeInterval, "scrapeInterval");
        Objects.requireNonNull(retention, "retention");
        errorsMetric = errorsMetric == null ? "" : errorsMetric;
        errorLabel = errorLabel == null ? "" : errorLabel;
        errorPattern = errorPattern == null ? DEFAULT_ERROR_PATTERN : errorPattern;
        Pattern.compile(errorPattern);
        latencyBucketMetric = latencyBucketMetric == null ? "" : latencyBucketMetric;
        versionLabel = versionLabel == null ? "" : versionLabel;
        memoryMetrics = memoryMetrics == null ? List.of() : List.copyOf(memoryMetrics);
        cpuSecondsMetric = cpuSecondsMetric == null ? "" : cpuSecondsMetric;
        diskMetric = diskMetric == null ? "" : diskMetric;
        processStartMetric = processStartMetric == null ? "" : processStartMetric;
        checkMetrics = checkMetrics == null ? Set.of() : Set.copyOf(checkMetrics);
        if (!(leToMillis > 0)) {
            throw new IllegalArgumentException("leToMillis must be positive: " + leToMillis);
        }
    }

    /** Without metrics for custom checks. */
    public ScrapeConfig(String requestsMetric, String errorsMetric, String errorLabel, String errorPattern,
                        String latencyBucketMetric, double leToMillis, String versionLabel, List<String> memoryMetrics,
                        String cpuSecondsMetric, String diskMetric, String processStartMetric, Double memoryLimitBytes,
                        Duration requestTimeout, Duration scrapeInterval, Duration retention) {
        this(requestsMetric, errorsMetric, errorLabel, errorPattern, latencyBucketMetric, leToMillis, versionLabel,
                memoryMetrics, cpuSecondsMetric, diskMetric, processStartMetric, memoryLimitBytes, requestTimeout,
                scrapeInterval, retention, Set.of());
    }

    public static ScrapeConfig defaults() {
        return new ScrapeConfig(DEFAULT_REQUESTS_METRIC, DEFAULT_ERRORS_METRIC, DEFAULT_ERROR_LABEL,
                DEFAULT_ERROR_PATTERN, DEFAULT_LATENCY_BUCKET_METRIC, DEFAULT_LE_TO_MILLIS, DEFAULT_VERSION_LABEL,
                DEFAULT_MEMORY_METRICS, DEFAULT_CPU_SECONDS_METRIC, DEFAULT_DISK_METRIC,
                DEFAULT_PROCESS_START_METRIC, null, DEFAULT_REQUEST_TIMEOUT, DEFAULT_SCRAPE_INTERVAL,
                DEFAULT_RETENTION);
    }

    /** This configuration reading other traffic metrics. */
    public ScrapeConfig withTraffic(String newRequests, String newErrors, String newLatencyBuckets,
                                    double newLeToMillis) {
        return new ScrapeConfig(newRequests, newErrors, errorLabel, errorPattern, newLatencyBuckets, newLeToMillis,
                versionLabel, memoryMetrics, cpuSecondsMetric, diskMetric, processStartMetric, memoryLimitBytes,
                requestTimeout, scrapeInterval, retention, checkMetrics);
    }

    /** This configuration with another disk gauge and memory limit. */
    public ScrapeConfig withResources(String newDiskMetric, Double newMemoryLimitBytes) {
        return new ScrapeConfig(requestsMetric, errorsMetric, errorLabel, errorPattern, latencyBucketMetric,
                leToMillis, versionLabel, memoryMetrics, cpuSecondsMetric, newDiskMetric, processStartMetric,
                newMemoryLimitBytes, requestTimeout, scrapeInterval, retention, checkMetrics);
    }

    /** This configuration also keeping {@code metrics} for custom checks. */
    public ScrapeConfig withCheckMetrics(Set<String> metrics) {
        return new ScrapeConfig(requestsMetric, errorsMetric, errorLabel, errorPattern, latencyBucketMetric,
                leToMillis, versionLabel, memoryMetrics, cpuSecondsMetric, diskMetric, processStartMetric,
                memoryLimitBytes, requestTimeout, scrapeInterval, retention, metrics);
    }
}
