package io.postflight.baseline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.postflight.metrics.CheckMetricsProvider;
import io.postflight.metrics.TrafficMetricsProvider;
import io.postflight.provider.prometheus.PrometheusMetricsProvider;
import io.postflight.provider.scrape.ScrapeConfig;
import io.postflight.provider.scrape.ScrapeHttpClient;
import io.postflight.provider.scrape.ScrapeMetricsProvider;
import io.postflight.provider.scrape.ScrapeState;
import io.postflight.provider.source.MetricsSource;
import io.postflight.provider.source.MetricsSourceBinder;
import io.postflight.provider.source.PrometheusSource;
import io.postflight.resilience.ResilientCalls;
import io.postflight.resilience.StarvationWatch;
import io.postflight.targets.TargetPolicy;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured traffic source ({@code postflight.baseline.metrics.*}) with what it runs on: the
 * provider, every request of which is bounded by {@link ResilientCalls} (timeout, retries with
 * backoff and jitter, a circuit breaker per Prometheus server or instance); the virtual threads
 * that run the looks' fetches off the stream thread; and, for the scrape provider, the watch that
 * keeps the needed versions scraped.
 */
@Singleton
@Requires(env = BaselineVerifierApplication.ENVIRONMENT)
public class BaselineMetricsSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BaselineMetricsSource.class);

    /** Where the shared metrics-source shape is read for this phase. */
    public static final String PREFIX = "postflight.baseline.metrics";

    private final MetricsSource source;
    private final ResilientCalls calls;
    private final ExecutorService fetches = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService scrapes;
    private final HttpClient scrapeHttp;
    private final StarvationWatch starvation;
    private final PrometheusMetricsProvider prometheus;
    private final TrafficMetricsProvider provider;
    private final CheckMetricsProvider checkProvider;
    private final VersionWatch watch;

    @Inject
    public BaselineMetricsSource(BaselineConfig config, Environment environment, MeterRegistry registry,
                                 TargetPolicy targetPolicy, BaselineChecks checks) {
        this(config, MetricsSourceBinder.bind(environment, PREFIX), registry, targetPolicy, checks);
    }

    public BaselineMetricsSource(BaselineConfig config, MetricsSource source, MeterRegistry registry,
                                 TargetPolicy targetPolicy) {
        this(config, source, registry, targetPolicy, BaselineChecks.none());
    }

    /**
     * The source as bound from {@link #PREFIX}; the provider is chosen by {@link MetricsSource#provider()}.
     * A scrape source also keeps the metrics of the custom {@code checks}.
     */
    public BaselineMetricsSource(BaselineConfig config, MetricsSource source, MeterRegistry registry,
                                 TargetPolicy targetPolicy, BaselineChecks checks) {
        this.source = source;
        this.calls = new ResilientCalls(source.resilience(), registry);
        switch (source.provider()) {
            case SCRAPE -> {
                HttpClient http = ScrapeHttpClient.bounded(source.timeout(), "baseline-scrape-http");
                ScrapeConfig scrapeConfig = source.scrape().config(source.timeout(), config.scrapeRetention())
                        .withCheckMetrics(checks.scrapedMetrics());
                this.scrapeHttp = http;
                this.scrapes = Executors.newScheduledThreadPool(2,
                        Thread.ofVirtual().name("baseline-scrape-", 0).factory());
                ScrapeState state = new ScrapeState(scrapeConfig.retention());
                // The scrapes run inside this verifier: its own starvation must not read as missing data.
                this.starvation = StarvationWatch.onOwnThread(
                        Duration.ofMillis(StarvationWatch.DEFAULT_THRESHOLD_MILLIS), "baseline-starvation-watch");
                ScrapeWatch scrapeWatch = new ScrapeWatch(targets -> new ScrapeMetricsProvider(scrapeConfig, targets,
                        state, calls, http, Clock.systemUTC(), targetPolicy::refuseResolved, starvation), state,
                        scrapes, source.scrape().path(),
                        source.scrape().staticTargets(), targetPolicy::refuseHost);
                this.prometheus = null;
                this.provider = scrapeWatch.provider();
                this.checkProvider = scrapeWatch.provider();
                this.watch = scrapeWatch;
                LOG.info("baseline traffic from the instances' {} pages, every {}; static targets {}",
                        source.scrape().path(), source.scrape().interval(), source.scrape().staticTargets().keySet());
            }
            case PROMETHEUS -> {
                PrometheusSource p = source.prometheus();
                this.scrapes = null;
                this.scrapeHttp = null;
                this.starvation = null;
                this.prometheus = new PrometheusMetricsProvider(p.config(source.timeout()), calls);
                this.provider = prometheus;
                this.checkProvider = prometheus;
                this.watch = VersionWatch.NONE;
                LOG.info("baseline traffic from Prometheus at {}, series labelled service '{}', environment '{}', "
                        + "version '{}'", p.url(), p.serviceLabel(), p.environmentLabel(), p.versionLabel());
            }
            default -> throw new IllegalStateException("unknown provider " + source.provider());
        }
    }

    /** Where this phase reads its metrics, as configured. */
    public MetricsSource source() {
        return source;
    }

    public TrafficMetricsProvider provider() {
        return provider;
    }

    /** Where looks fetch the custom checks' series: the same source as the traffic. */
    public CheckMetricsProvider checkProvider() {
        return checkProvider;
    }

    /** Where looks fetch: one virtual thread per query. */
    public ExecutorService fetchExecutor() {
        return fetches;
    }

    public VersionWatch watch() {
        return watch;
    }

    @PreDestroy
    @Override
    public void close() {
        if (scrapes != null) {
            scrapes.shutdownNow();
        }
        if (starvation != null) {
            starvation.close();
        }
        fetches.shutdownNow();
        calls.close();
        if (prometheus != null) {
            prometheus.close();
        }
        if (scrapeHttp != null) {
            scrapeHttp.close();
        }
    }
}
