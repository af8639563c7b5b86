package io.postflight.discovery;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
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
 */
@ConfigurationProperties("postflight.discovery")
public record DiscoveryConfig(
        @NotNull @Bindable(defaultValue = "1s") Duration tick,
        @NotNull @Bindable(defaultValue = "30s") Duration resync,
        @NotNull @Bindable(defaultValue = "10m") Duration watchFor,
        @NotNull @Bindable(defaultValue = "10s") Duration startRetry) {

    public DiscoveryConfig {
        positive(tick, "tick");
        positive(resync, "resync");
        positive(watchFor, "watch-for");
        positive(startRetry, "start-retry");
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

    /** Longest resync: half the health verifier's freshness (DiscoveredTargets.FRESH_FOR, 60 s). */
    public static final Duration MAX_RESYNC = Duration.ofSeconds(30);

    /** The defaults, for tests and tools. */
    public static DiscoveryConfig defaults() {
        return new DiscoveryConfig(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ofSeconds(10));
    }

    private static void positive(Duration d, String name) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("postflight.discovery." + name + " must be positive, was " + d);
        }
    }
}
