package io.postflight.provider.source;

import io.postflight.provider.scrape.ScrapeConfig;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code scrape} part of a metrics source ({@code postflight.<phase>.metrics.scrape.*}): the
 * verifier reads each instance's metrics page itself. Metric names not listed here keep the
 * {@link ScrapeConfig} defaults (Micrometer's Prometheus export).
 *
 * @param path path of the metrics page, appended to each announced target's URL
 * @param interval how often every watched instance is read
 * @param targets versions no verification announces, scraped from start-up on
 * @param memoryMetrics memory gauges by preference (the first present is used)
 * @param cpuSecondsMetric counter of CPU seconds
 * @param diskMetric gauge of disk bytes (blank: disk is not watched)
 * @param versionLabel label naming the version on a sample (blank: no filter)
 * @param memoryLimitBytes the memory limit of every instance, if known (null: unknown)
 */
public record ScrapeSource(String path, Duration interval, List<ScrapeTarget> targets, List<String> memoryMetrics,
                           String cpuSecondsMetric, String diskMetric, String versionLabel, Double memoryLimitBytes) {

    public static final String DEFAULT_PATH = "/metrics";
    public static final ScrapeSource DEFAULTS = new ScrapeSource(DEFAULT_PATH, ScrapeConfig.DEFAULT_SCRAPE_INTERVAL,
            List.of(), ScrapeConfig.DEFAULT_MEMORY_METRICS, ScrapeConfig.DEFAULT_CPU_SECONDS_METRIC,
            ScrapeConfig.DEFAULT_DISK_METRIC, ScrapeConfig.DEFAULT_VERSION_LABEL, null);

    public ScrapeSource {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(interval, "interval");
        targets = targets == null ? List.of() : List.copyOf(targets);
        memoryMetrics = memoryMetrics == null || memoryMetrics.isEmpty() ? ScrapeConfig.DEFAULT_MEMORY_METRICS
                : List.copyOf(memoryMetrics);
        cpuSecondsMetric = cpuSecondsMetric == null ? "" : cpuSecondsMetric;
        diskMetric = diskMetric == null ? "" : diskMetric;
        versionLabel = versionLabel == null ? "" : versionLabel;
    }

    /** The provider's configuration: each page request limited to {@code timeout}, intervals kept {@code retention}. */
    public ScrapeConfig config(Duration timeout, Duration retention) {
        ScrapeConfig d = ScrapeConfig.defaults();
        return new ScrapeConfig(d.requestsMetric(), d.errorsMetric(), d.errorLabel(), d.errorPattern(),
                d.latencyBucketMetric(), d.leToMillis(), versionLabel, memoryMetrics, cpuSecondsMetric, diskMetric,
                d.processStartMetric(), memoryLimitBytes, timeout, interval, retention);
    }

    /** {@link #targets} by {@code service/environment/version}. */
    public Map<String, List<URI>> staticTargets() {
        Map<String, List<URI>> byKey = new LinkedHashMap<>();
        for (ScrapeTarget t : targets) {
            byKey.merge(t.key(), t.urls(), (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
        }
        return Map.copyOf(byKey);
    }
}
