package io.postflight.baseline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.postflight.metrics.TrafficMetricsProvider;
import io.postflight.provider.prometheus.PrometheusMetricsProvider;
import io.postflight.provider.scrape.ScrapeMetricsProvider;
import io.postflight.provider.scrape.ScrapeState;
import io.postflight.resilience.ResilientCalls;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured traffic source ({@code postflight.baseline.provider}) with what it runs on: the
 * provider, every request of which is bounded by {@link ResilientCalls} (timeout, retries with
 * backoff and jitter, a circuit breaker per Prometheus server or instance); the virtual threads
 * that run the looks' fetches off the stream thread; and, for the scrape provider, the watch that
 * keeps the needed versions scraped.
 */
@Singleton
@Requires(env = BaselineVerifierApplication.ENVIRONMENT)
public class BaselineMetricsSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BaselineMetricsSource.class);

    private final ResilientCalls calls;
    private final ExecutorService fetches = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService scrapes;
    private final HttpClient scrapeHttp;
    private final PrometheusMetricsProvider prometheus;
    private final TrafficMetricsProvider provider;
    private final VersionWatch watch;

    public BaselineMetricsSource(BaselineConfig config, MeterRegistry registry) {
        this.calls = new ResilientCalls(config.resilience(), registry);
        if (BaselineConfig.SCRAPE.equals(config.provider())) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(config.queryTimeout()).build();
            this.scrapeHttp = http;
            this.scrapes = Executors.newScheduledThreadPool(2,
                    Thread.ofVirtual().name("baseline-scrape-", 0).factory());
            ScrapeState state = new ScrapeState(config.scrape().retention());
            ScrapeWatch scrapeWatch = new ScrapeWatch(targets -> new ScrapeMetricsProvider(config.scrape(), targets,
                    state, calls, http, Clock.systemUTC()), state, scrapes, config.scrapePath(),
                    config.staticScrapeTargets());
            this.prometheus = null;
            this.provider = scrapeWatch.provider();
            this.watch = scrapeWatch;
            LOG.info("baseline traffic from the instances' {} pages, every {}; static targets {}",
                    config.scrapePath(), config.scrapeInterval(), config.staticScrapeTargets().keySet());
        } else {
            this.scrapes = null;
            this.scrapeHttp = null;
            this.prometheus = new PrometheusMetricsProvider(config.prometheus(), calls);
            this.provider = prometheus;
            this.watch = VersionWatch.NONE;
            LOG.info("baseline traffic from Prometheus at {}, series labelled service '{}', environment '{}', "
                    + "version '{}'", config.prometheusUrl(), config.prometheusServiceLabel(),
                    config.prometheusEnvironmentLabel(), config.prometheusVersionLabel());
        }
    }

    public TrafficMetricsProvider provider() {
        return provider;
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
