package io.postflight.discovery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The discovery service's own meters (docs/architecture.md, Metrics; alerts in deploy/prometheus):
 * <ul>
 *   <li>{@code postflight.discovery.watches.open} (gauge): watches of an API server started and not yet
 *       closed, in this instance</li>
 *   <li>{@code postflight.discovery.watch.start.failures{cluster}}: watch starts that failed (API server
 *       unreachable, access refused), each retried</li>
 *   <li>{@code postflight.discovery.snapshots.published{complete}}: snapshots published on
 *       {@code postflight.targets}, heartbeats included; {@code complete=false} is one the health
 *       verifier cannot pass a phase on</li>
 * </ul>
 * Tags are bounded: {@code cluster} is a configured cluster's name (a request naming another one never
 * reaches a watch start), never a pod's, a namespace's or a workload's name.
 */
public final class DiscoveryMetrics {
    private final MeterRegistry registry;

    public DiscoveryMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Registers the gauge of open watches, read from {@code open}, and every configured cluster's
     * failure counter at zero, so that an alert's {@code increase()} sees the first failure. Once per
     * pod source: a second registration would keep reading the first one's count.
     */
    void register(AtomicInteger open, Collection<String> clusters) {
        Gauge.builder("postflight.discovery.watches.open", open, AtomicInteger::get)
                .description("watches of an API server started and not yet closed")
                .register(registry);
        clusters.forEach(this::startFailures);
    }

    void watchStartFailed(String cluster) {
        startFailures(cluster).increment();
    }

    /** Registered for both values on first use, so a ratio of incomplete to all has both series. */
    void snapshotPublished(boolean complete) {
        snapshots(!complete);
        snapshots(complete).increment();
    }

    private Counter startFailures(String cluster) {
        return Counter.builder("postflight.discovery.watch.start.failures")
                .description("watch starts that failed, by configured cluster; each is retried")
                .tag("cluster", cluster).register(registry);
    }

    private Counter snapshots(boolean complete) {
        return Counter.builder("postflight.discovery.snapshots.published")
                .description("target snapshots published on postflight.targets, heartbeats included")
                .tag("complete", String.valueOf(complete)).register(registry);
    }

    /** Count so far of published snapshots with {@code complete} (tests). */
    double published(boolean complete) {
        Counter c = registry.find("postflight.discovery.snapshots.published")
                .tag("complete", String.valueOf(complete)).counter();
        return c == null ? 0 : c.count();
    }

    /** Count so far of failed watch starts in {@code cluster} (tests). */
    double failedStarts(String cluster) {
        Counter c = registry.find("postflight.discovery.watch.start.failures").tag("cluster", cluster).counter();
        return c == null ? 0 : c.count();
    }

    /** The gauge's value now, or -1 when it is not registered (tests). */
    double openWatches() {
        Gauge g = registry.find("postflight.discovery.watches.open").gauge();
        return g == null ? -1 : g.value();
    }
}
