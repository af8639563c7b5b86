package io.postflight.drift;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Target;
import io.postflight.metrics.MetricQuery;
import io.postflight.metrics.MetricsUnavailableException;
import io.postflight.metrics.ResourceMetricsProvider;
import io.postflight.metrics.ResourceSeries;
import io.postflight.provider.scrape.MetricsPages;
import io.postflight.provider.scrape.ScrapeConfig;
import io.postflight.provider.scrape.ScrapeHttpClient;
import io.postflight.provider.scrape.ScrapeMetricsProvider;
import io.postflight.provider.scrape.ScrapeState;
import io.postflight.resilience.ResilientCalls;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;

/**
 * The {@code scrape} provider for the drift phase: wraps {@link ScrapeMetricsProvider} (unchanged)
 * and keeps it scraping the {@code /metrics} page of every instance of every watched deployment,
 * each {@link ScrapeConfig#scrapeInterval()}. Queries then read what was scraped.
 *
 * <p>Scraped history lives in memory only: after a restart the samples already stored in Kafka
 * are kept, but the steps while the service was down stay empty (NaN), unlike with Prometheus,
 * which keeps its own history and fills them in.
 */
public final class ScrapeSampling implements ResourceMetricsProvider, DriftWatchListener, AutoCloseable {
    private final ScrapeMetricsProvider provider;
    private final ScrapeState state;
    private final ResilientCalls calls;
    private final String metricsPath;
    private final ScheduledExecutorService scheduler;
    private final Map<String, List<URI>> pages = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> schedules = new ConcurrentHashMap<>();
    private final Function<String, Optional<String>> refuseHost;

    /**
     * @param calls bound each page request (one target per instance URL); closed with this
     * @param refuseHost the target policy on an instance's host: refused instances are not scraped
     */
    public ScrapeSampling(ScrapeConfig config, String metricsPath, ResilientCalls calls, Clock clock,
                          Function<String, Optional<String>> refuseHost) {
        this.calls = calls;
        this.refuseHost = refuseHost;
        this.state = new ScrapeState(config.retention());
        this.metricsPath = metricsPath.startsWith("/") ? metricsPath : "/" + metricsPath;
        this.provider = new ScrapeMetricsProvider(config,
                (service, environment, version) -> pages.getOrDefault(
                        ScrapeMetricsProvider.versionKey(service, environment, version), List.of()),
                state, calls, ScrapeHttpClient.bounded(config.requestTimeout(), "drift-scrape-http"), clock);
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "drift-scrape");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name() {
        return provider.name();
    }

    @Override
    public ResourceSeries resources(MetricQuery query) throws MetricsUnavailableException {
        return provider.resources(query);
    }

    @Override
    public synchronized void watching(DeploymentRef d, List<Target> targets) {
        String key = ScrapeMetricsProvider.versionKey(d.service(), d.environment(), d.version());
        if (schedules.containsKey(key)) {
            return;
        }
        MetricsPages built = MetricsPages.of(targets, metricsPath, refuseHost);
        pages.put(key, built.pages());
        if (!built.refused().isEmpty()) {
            state.noteRefused(key, built.describeRefused());
        }
        schedules.put(key, provider.scrapeEvery(scheduler, d.service(), d.environment(), d.version()));
    }

    @Override
    public synchronized void stopped(DeploymentRef d) {
        String key = ScrapeMetricsProvider.versionKey(d.service(), d.environment(), d.version());
        ScheduledFuture<?> running = schedules.remove(key);
        if (running != null) {
            running.cancel(false);
        }
        pages.remove(key);
        state.forget(key);
    }

    /** Versions being scraped now (for tests and diagnostics). */
    public int scraping() {
        return schedules.size();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        calls.close();
    }
}
