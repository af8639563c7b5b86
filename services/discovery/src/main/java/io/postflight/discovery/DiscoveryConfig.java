package io.postflight.discovery;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.postflight.contracts.TargetsChanged;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Discovery service settings ({@code postflight.discovery.*}; the clusters are {@link ClusterConfig}).
 * Validated at start-up: a nonsensical value stops the service with a message naming the property.
 *
 * @param tick how often changed watches are looked at (the delay a pod change may wait before it is
 *     published, on top of the commit interval)
 * @param resync an unchanged snapshot is published again after this long, as a heartbeat: the health
 *     verifier takes a set older than a few of these as no longer watched
 * @param watchFor how long after a verification starts its pods are watched at most: the health
 *     phase (5 min by default), the late-pod grace (3 min) and a margin; a HEALTH result or an
 *     applied ABORT ends the watch earlier
 * @param startRetry how long after a watch failed to start (API server unreachable, refused) it is
 *     tried again
 * @param source where pods are read: {@code kubernetes-api} (the clusters' API servers) or
 *     {@code kube-state-metrics} (through the Prometheus of {@code postflight.discovery.metrics.*},
 *     for teams that give Postflight no API access; ADR 0029 §7)
 * @param poll in {@code kube-state-metrics} mode, how often each watch queries Prometheus
 */
@ConfigurationProperties("postflight.discovery")
public record DiscoveryConfig(
        @NotNull @Bindable(defaultValue = "1s") Duration tick,
        @NotNull @Bindable(defaultValue = "30s") Duration resync,
        @NotNull @Bindable(defaultValue = "10m") Duration watchFor,
        @NotNull @Bindable(defaultValue = "10s") Duration startRetry,
        @NotNull @Bindable(defaultValue = TargetsChanged.SOURCE_API) String source,
        @NotNull @Bindable(defaultValue = "15s") Duration poll) {

    public DiscoveryConfig {
        positive(tick, "tick");
        positive(resync, "resync");
        positive(watchFor, "watch-for");
        positive(startRetry, "start-retry");
        positive(poll, "poll");
        if (source != null && !TargetsChanged.SOURCE_API.equals(source)
                && !TargetsChanged.SOURCE_KUBE_STATE_METRICS.equals(source)) {
            throw new IllegalArgumentException("postflight.discovery.source: '" + source + "' is not "
                    + TargetsChanged.SOURCE_API + " or " + TargetsChanged.SOURCE_KUBE_STATE_METRICS);
        }
        if (poll != null && poll.compareTo(MAX_RESYNC) > 0) {
            // A read older than two polls is no longer published (KubeStateMetricsPodSource.staleAfter).
            throw new IllegalArgumentException("postflight.discovery.poll (" + poll + ") must be at most "
                    + MAX_RESYNC + ": kube-state-metrics data older than that is not judged fresh");
        }
        if (resync != null && resync.compareTo(MAX_RESYNC) > 0) {
            // The health verifier takes a snapshot older than twice this for stale (never a pass).
            throw new IllegalArgumentException("postflight.discovery.resync (" + resync + ") must be at most "
                    + MAX_RESYNC + ": the health verifier holds a snapshot older than 60 s for stale");
        }
        if (tick != null && resync != null && resync.compareTo(tick) < 0) {
            throw new IllegalArgumentException("postflight.discovery.resync (" + resync
                    + ") must not be shorter than postflight.discovery.tick (" + tick + ")");
        }
    }

    /** Where the kube-state-metrics source's Prometheus is configured, in the shared metrics-source shape (ADR 0009). */
    public static final String METRICS_PREFIX = "postflight.discovery.metrics";

    /** Longest resync: half the health verifier's freshness (DiscoveredTargets.FRESH_FOR, 60 s). */
    public static final Duration MAX_RESYNC = Duration.ofSeconds(30);

    /** The defaults, for tests and tools. */
    public static DiscoveryConfig defaults() {
        return new DiscoveryConfig(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ofSeconds(10), TargetsChanged.SOURCE_API, Duration.ofSeconds(15));
    }

    /** Whether pods are read from kube-state-metrics rather than the API servers. */
    public boolean fromKubeStateMetrics() {
        return TargetsChanged.SOURCE_KUBE_STATE_METRICS.equals(source);
    }

    private static void positive(Duration d, String name) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("postflight.discovery." + name + " must be positive, was " + d);
        }
    }
}
