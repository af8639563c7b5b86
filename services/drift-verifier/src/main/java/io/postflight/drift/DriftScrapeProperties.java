package io.postflight.drift;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.postflight.provider.scrape.ScrapeConfig;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the {@code scrape} provider ({@code postflight.drift.scrape.*}): the drift verifier
 * reads each watched instance's metrics page itself. Everything not listed here keeps the
 * {@link ScrapeConfig} default.
 *
 * @param metricsPath path of the metrics page, appended to each target's URL
 * @param scrapeInterval how often every watched instance is read; shorter than the sample interval
 * @param requestTimeout limit of one page request
 * @param memoryMetrics memory gauges by preference (the first present is used)
 * @param cpuSecondsMetric counter of CPU seconds
 * @param diskMetric gauge of disk bytes (blank: disk is not watched)
 * @param versionLabel label naming the version on a sample (blank: no filter)
 * @param memoryLimitBytes the memory limit of every instance, if known; lets the judge project
 *     when a leak reaches it
 */
@ConfigurationProperties("postflight.drift.scrape")
public record DriftScrapeProperties(
        @NotBlank @Bindable(defaultValue = "/metrics") String metricsPath,
        @NotNull @Bindable(defaultValue = "10s") Duration scrapeInterval,
        @NotNull @Bindable(defaultValue = "5s") Duration requestTimeout,
        @Bindable(defaultValue = "process_resident_memory_bytes,jvm_memory_used_bytes") List<String> memoryMetrics,
        @Bindable(defaultValue = ScrapeConfig.DEFAULT_CPU_SECONDS_METRIC) String cpuSecondsMetric,
        @Bindable(defaultValue = "") String diskMetric,
        @Bindable(defaultValue = ScrapeConfig.DEFAULT_VERSION_LABEL) String versionLabel,
        @Nullable Double memoryLimitBytes) {

    public static final String DEFAULT_METRICS_PATH = "/metrics";

    /** The provider configuration: {@link ScrapeConfig#defaults()} with these values. */
    public ScrapeConfig scrapeConfig(Duration retention) {
        ScrapeConfig d = ScrapeConfig.defaults();
        return new ScrapeConfig(d.requestsMetric(), d.errorsMetric(), d.errorLabel(), d.errorPattern(),
                d.latencyBucketMetric(), d.leToMillis(), versionLabel,
                memoryMetrics == null || memoryMetrics.isEmpty() ? d.memoryMetrics() : memoryMetrics,
                cpuSecondsMetric, diskMetric, d.processStartMetric(), memoryLimitBytes, requestTimeout,
                scrapeInterval, retention);
    }
}
