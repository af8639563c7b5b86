package io.postflight.baseline;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.postflight.judge.baseline.BaselinePolicy;
import io.postflight.provider.prometheus.PrometheusConfig;
import io.postflight.provider.prometheus.PrometheusQueries;
import io.postflight.provider.scrape.ScrapeConfig;
import io.postflight.resilience.ResiliencePolicy;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Baseline-phase settings ({@code postflight.baseline.*}). Validated at start-up: a missing or
 * nonsensical value stops the service with a message naming the property. The demo shortens the
 * times here; the code paths stay the production ones.
 *
 * @param provider where traffic comes from: {@code prometheus} (its HTTP API) or {@code scrape}
 *     (the instances' own {@code /metrics} pages, read by this service)
 * @param phaseStart earliest first look after the deployment; in practice the phase starts when
 *     HEALTH has passed (when the deployment runs a health phase)
 * @param phaseEnd time after the deployment (counted, like the window, from the candidate's first
 *     step) by which the phase must have a verdict; a phase still undecided then (provider outage)
 *     is INCONCLUSIVE. Not shorter than {@code window}
 * @param lookInterval time between two looks at the data of one deployment
 * @param dataDelay how long after a step ends its data is complete at the provider (scrape
 *     interval plus ingestion): the judge never sees steps younger than this
 * @param maxFailedLooks failed looks in a row (provider outage) that make the phase INCONCLUSIVE
 * @param tick how often the verifier looks for finished fetches and due looks
 * @param step resolution of the traffic series
 * @param window judge: how long the candidate is watched before it can pass
 * @param warmUp judge: time after the deployment whose latency is ignored
 * @param blipAllowance judge: how long a burst may last and still count as a blip
 * @param minRequests judge: requests each side needs in the window for a pass
 * @param hardCheckInterval judge: length of one hard-trigger check
 * @param hardErrorPeriod judge: time after the deployment in which the error-rate hard trigger applies
 * @param hardMinRequests judge: requests one hard-trigger check needs to count
 * @param queryTimeout limit of one provider request (Prometheus query, instance scrape)
 * @param queryAttempts attempts per provider request, with exponential backoff and jitter
 * @param queryBackoff wait before the second attempt
 * @param prometheusUrl the Prometheus (or Thanos, Mimir, VictoriaMetrics) server
 * @param prometheusHeaders extra HTTP headers sent with each query (e.g. {@code X-Scope-OrgID})
 * @param prometheusServiceLabel label naming the service on the HTTP metrics (blank: none)
 * @param prometheusEnvironmentLabel label naming the environment on the HTTP metrics (blank: none)
 * @param prometheusVersionLabel label naming the version on the HTTP metrics
 * @param scrapeInterval how often each watched version's instances are scraped
 * @param scrapePath path of each instance's metrics page, appended to its target URL
 * @param scrapeTargets metrics pages of versions not announced in a verification (typically the
 *     version serving before Postflight was installed), one entry per page:
 *     {@code service/environment/version=http://host:port/metrics}; scraped from start-up on
 */
@ConfigurationProperties("postflight.baseline")
public record BaselineConfig(
        @NotBlank @Pattern(regexp = "prometheus|scrape", message = "postflight.baseline.provider must be "
                + "'prometheus' or 'scrape'") @Bindable(defaultValue = DEFAULT_PROVIDER) String provider,
        @NotNull @Bindable(defaultValue = "5m") Duration phaseStart,
        @NotNull @Bindable(defaultValue = "30m") Duration phaseEnd,
        @NotNull @Bindable(defaultValue = "1m") Duration lookInterval,
        @NotNull @Bindable(defaultValue = "30s") Duration dataDelay,
        @Min(1) @Bindable(defaultValue = "5") int maxFailedLooks,
        @NotNull @Bindable(defaultValue = "1s") Duration tick,
        @NotNull @Bindable(defaultValue = "60s") Duration step,
        @NotNull @Bindable(defaultValue = "30m") Duration window,
        @NotNull @Bindable(defaultValue = "3m") Duration warmUp,
        @NotNull @Bindable(defaultValue = "1m") Duration blipAllowance,
        @Min(0) @Bindable(defaultValue = "1000") long minRequests,
        @NotNull @Bindable(defaultValue = "1m") Duration hardCheckInterval,
        @NotNull @Bindable(defaultValue = "5m") Duration hardErrorPeriod,
        @Min(0) @Bindable(defaultValue = "50") long hardMinRequests,
        @NotNull @Bindable(defaultValue = "10s") Duration queryTimeout,
        @Min(1) @Bindable(defaultValue = "3") int queryAttempts,
        @NotNull @Bindable(defaultValue = "500ms") Duration queryBackoff,
        @NotNull @Bindable(defaultValue = "http://127.0.0.1:9090") URI prometheusUrl,
        @Nullable Map<String, String> prometheusHeaders,
        // Not @Nullable: Micronaut would then bind null instead of the default.
        @Bindable(defaultValue = PrometheusQueries.DEFAULT_SERVICE_LABEL) String prometheusServiceLabel,
        @Bindable(defaultValue = PrometheusQueries.DEFAULT_ENVIRONMENT_LABEL) String prometheusEnvironmentLabel,
        @NotBlank @Bindable(defaultValue = PrometheusQueries.DEFAULT_VERSION_LABEL) String prometheusVersionLabel,
        @NotNull @Bindable(defaultValue = "10s") Duration scrapeInterval,
        @NotBlank @Bindable(defaultValue = DEFAULT_SCRAPE_PATH) String scrapePath,
        @Nullable List<String> scrapeTargets) {

    public static final String DEFAULT_PROVIDER = "prometheus";
    public static final String PROMETHEUS = "prometheus";
    public static final String SCRAPE = "scrape";
    public static final Duration DEFAULT_PHASE_START = Duration.ofMinutes(5);
    public static final Duration DEFAULT_PHASE_END = Duration.ofMinutes(30);
    public static final Duration DEFAULT_LOOK_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_DATA_DELAY = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_FAILED_LOOKS = 5;
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);
    public static final Duration DEFAULT_STEP = Duration.ofSeconds(60);
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_QUERY_ATTEMPTS = 3;
    public static final Duration DEFAULT_QUERY_BACKOFF = Duration.ofMillis(500);
    public static final String DEFAULT_SCRAPE_PATH = "/metrics";

    public BaselineConfig {
        // Nulls are left to the @NotNull checks, which name the property.
        positive(phaseEnd, "phase-end");
        positive(lookInterval, "look-interval");
        positive(tick, "tick");
        positive(step, "step");
        positive(window, "window");
        positive(queryTimeout, "query-timeout");
        positive(scrapeInterval, "scrape-interval");
        if (step != null && step.toNanosPart() != 0) {
            throw new IllegalArgumentException("postflight.baseline.step must be a whole number of seconds: " + step);
        }
        if (phaseEnd != null && window != null && phaseEnd.compareTo(window) < 0) {
            throw new IllegalArgumentException("postflight.baseline.phase-end (" + phaseEnd
                    + ") must not be shorter than postflight.baseline.window (" + window + ")");
        }
        if (step != null && window != null && step.compareTo(window) > 0) {
            throw new IllegalArgumentException("postflight.baseline.step must not be longer than the window");
        }
        prometheusHeaders = prometheusHeaders == null ? Map.of() : Map.copyOf(prometheusHeaders);
        prometheusServiceLabel = prometheusServiceLabel == null ? "" : prometheusServiceLabel;
        prometheusEnvironmentLabel = prometheusEnvironmentLabel == null ? "" : prometheusEnvironmentLabel;
        scrapeTargets = scrapeTargets == null ? List.of() : List.copyOf(scrapeTargets);
        staticTargets(scrapeTargets);
    }

    /** The judge's policy: the knobs above, the rest at the judge's defaults. */
    public BaselinePolicy policy() {
        BaselinePolicy d = BaselinePolicy.DEFAULT;
        return new BaselinePolicy(window, warmUp, blipAllowance, minRequests, d.minCoverage(), d.alpha(),
                d.errorRatioTolerance(), d.errorExcessTolerance(), d.latencyRatioTolerance(),
                d.latencyExcessTolerance(), d.hardErrorExcess(), hardErrorPeriod, d.hardLatencyFactor(),
                hardCheckInterval, d.hardConsecutiveChecks(), hardMinRequests);
    }

    /** When the verifier looks and gives up. */
    public BaselineLookSchedule schedule() {
        return new BaselineLookSchedule(phaseStart, phaseEnd, lookInterval, dataDelay, step, maxFailedLooks, tick,
                lookTimeout());
    }

    /** Bounds of each provider request: timeout, retries with backoff, circuit breaker. */
    public ResiliencePolicy resilience() {
        return ResiliencePolicy.defaults().withTimeout(queryTimeout).withRetry(queryAttempts, queryBackoff);
    }

    /** Limit of one look (three queries run side by side): the provider's worst case plus a margin. */
    public Duration lookTimeout() {
        return resilience().worstCase().plusSeconds(1);
    }

    public PrometheusConfig prometheus() {
        PrometheusQueries queries = PrometheusQueries.defaults()
                .withLabels(prometheusServiceLabel, prometheusEnvironmentLabel, prometheusVersionLabel);
        return new PrometheusConfig(prometheusUrl, queryTimeout, queries, Map.of(), prometheusHeaders);
    }

    /** Micrometer's metric names; intervals kept as long as a phase can need them. */
    public ScrapeConfig scrape() {
        Duration retention = window.plus(phaseEnd).plus(dataDelay).plus(lookInterval.multipliedBy(2));
        return new ScrapeConfig(ScrapeConfig.DEFAULT_REQUESTS_METRIC, ScrapeConfig.DEFAULT_ERRORS_METRIC,
                ScrapeConfig.DEFAULT_ERROR_LABEL, ScrapeConfig.DEFAULT_ERROR_PATTERN,
                ScrapeConfig.DEFAULT_LATENCY_BUCKET_METRIC, ScrapeConfig.DEFAULT_LE_TO_MILLIS,
                ScrapeConfig.DEFAULT_VERSION_LABEL, ScrapeConfig.DEFAULT_MEMORY_METRICS,
                ScrapeConfig.DEFAULT_CPU_SECONDS_METRIC, ScrapeConfig.DEFAULT_DISK_METRIC,
                ScrapeConfig.DEFAULT_PROCESS_START_METRIC, null, queryTimeout, scrapeInterval, retention);
    }

    /** {@link #scrapeTargets} by {@code service/environment/version}. */
    public Map<String, List<URI>> staticScrapeTargets() {
        return staticTargets(scrapeTargets);
    }

    private static Map<String, List<URI>> staticTargets(List<String> entries) {
        Map<String, List<URI>> byKey = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            String key = eq < 0 ? "" : entry.substring(0, eq).strip();
            if (key.split("/", -1).length != 3 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("postflight.baseline.scrape-targets: '" + entry
                        + "' is not service/environment/version=http://host:port/metrics");
            }
            byKey.computeIfAbsent(key, k -> new java.util.ArrayList<>())
                    .add(URI.create(entry.substring(eq + 1).strip()));
        }
        byKey.replaceAll((k, v) -> List.copyOf(v));
        return Map.copyOf(byKey);
    }

    private static void positive(Duration d, String name) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("postflight.baseline." + name + " must be positive: " + d);
        }
    }
}
