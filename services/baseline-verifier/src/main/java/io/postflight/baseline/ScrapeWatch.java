package io.postflight.baseline;

import io.postflight.contracts.Target;
import io.postflight.provider.scrape.MetricsPages;
import io.postflight.provider.scrape.ScrapeMetricsProvider;
import io.postflight.provider.scrape.ScrapeState;
import io.postflight.provider.scrape.ScrapeTargets;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;

/**
 * Keeps the scrape provider reading the versions the verifier needs: each watched version's
 * instances are scraped every scrape interval (on the given scheduler, never on the stream
 * thread) until it is unwatched. Instances come from the verifications ({@link MetricsPages}) and
 * from the configured static targets, which are scraped from start-up on: they are the versions
 * that served before any deployment was announced.
 *
 * <p>What was scraped lives in memory only: after a restart a version's history starts again, so
 * a baseline window that lay before the restart is missing and the judge relies on the control.
 */
final class ScrapeWatch implements VersionWatch, ScrapeTargets {

    private final ScrapeMetricsProvider provider;
    private final ScrapeState state;
    private final ScheduledExecutorService scheduler;
    private final String metricsPath;
    private final Map<String, List<URI>> configured;
    private final Map<String, List<URI>> announced = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> running = new ConcurrentHashMap<>();
    private final Function<String, Optional<String>> refuseHost;

    /**
     * @param providerFactory builds the provider over this watch's targets and {@code state}
     * @param configured metrics pages by {@code service/environment/version}, scraped from start-up on
     * @param refuseHost the target policy on an announced instance's host: refused ones are not scraped
     */
    ScrapeWatch(Function<ScrapeTargets, ScrapeMetricsProvider> providerFactory, ScrapeState state,
                ScheduledExecutorService scheduler, String metricsPath, Map<String, List<URI>> configured,
                Function<String, Optional<String>> refuseHost) {
        this.state = state;
        this.refuseHost = refuseHost;
        this.scheduler = scheduler;
        this.metricsPath = metricsPath.startsWith("/") ? metricsPath : "/" + metricsPath;
        this.configured = Map.copyOf(configured);
        this.provider = providerFactory.apply(this);
        this.configured.keySet().forEach(key -> {
            String[] parts = key.split("/", 3);
            start(key, parts[0], parts[1], parts[2]);
        });
    }

    ScrapeMetricsProvider provider() {
        return provider;
    }

    @Override
    public void watch(String service, String environment, String version, List<Target> instances) {
        String key = ScrapeMetricsProvider.versionKey(service, environment, version);
        MetricsPages pages = MetricsPages.of(instances, metricsPath, refuseHost);
        announced.put(key, pages.pages());
        if (!pages.refused().isEmpty()) {
            // Kept as the version's failure: with no instance left to read, the phase says why.
            state.noteRefused(key, pages.describeRefused());
        }
        start(key, service, environment, version);
    }

    @Override
    public void unwatch(String service, String environment, String version) {
        String key = ScrapeMetricsProvider.versionKey(service, environment, version);
        announced.remove(key);
        if (configured.containsKey(key)) {
            return;
        }
        ScheduledFuture<?> task = running.remove(key);
        if (task != null) {
            task.cancel(false);
        }
        state.forget(key);
    }

    @Override
    public List<URI> instances(String service, String environment, String version) {
        String key = ScrapeMetricsProvider.versionKey(service, environment, version);
        Set<URI> all = new LinkedHashSet<>(configured.getOrDefault(key, List.of()));
        all.addAll(announced.getOrDefault(key, List.of()));
        return List.copyOf(all);
    }

    /** Versions being scraped, by {@code service/environment/version}. */
    Set<String> scraped() {
        return Set.copyOf(running.keySet());
    }

    private void start(String key, String service, String environment, String version) {
        running.computeIfAbsent(key, k -> provider.scrapeEvery(scheduler, service, environment, version));
    }
}
