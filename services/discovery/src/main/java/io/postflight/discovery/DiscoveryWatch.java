package io.postflight.discovery;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.TargetDiscovery;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.Objects;

/**
 * One slot's watch as the {@code discovery-watches} store keeps it: enough for any task that owns the
 * slot later (after a restart or a rebalance) to watch again and continue the snapshot sequence.
 * The pods themselves are not stored: they are re-listed from the API server.
 *
 * @param deployment the deployment whose new version is watched
 * @param discovery what to watch, as the gateway resolved it
 * @param watchEnd when the watch stops at the latest (verification start + {@code watch-for})
 * @param lastSequence sequence of the last published snapshot, 0 before the first
 * @param lastDigest SHA-256 (hex) of the last published snapshot's content (without {@code observedAt}
 *     and {@code sequence}), null before the first
 * @param lastPublishedAt when the last snapshot was published, null before the first
 */
public record DiscoveryWatch(DeploymentRef deployment, TargetDiscovery discovery, Instant watchEnd,
                             long lastSequence, @Nullable String lastDigest, @Nullable Instant lastPublishedAt) {

    public DiscoveryWatch {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(discovery, "discovery");
        Objects.requireNonNull(watchEnd, "watchEnd");
    }

    /** A watch that has published nothing yet. */
    static DiscoveryWatch starting(DeploymentRef deployment, TargetDiscovery discovery, Instant watchEnd) {
        return new DiscoveryWatch(deployment, discovery, watchEnd, 0, null, null);
    }

    public String deploymentId() {
        return deployment.deploymentId();
    }

    /** After publishing snapshot {@code sequence} with content {@code digest} at {@code at}. */
    DiscoveryWatch published(long sequence, String digest, Instant at) {
        return new DiscoveryWatch(deployment, discovery, watchEnd, sequence, digest, at);
    }

    /** Whether a heartbeat is due: nothing published yet, or the last one {@code resync} ago or more. */
    boolean resyncDue(Instant now, java.time.Duration resync) {
        return lastPublishedAt == null || !lastPublishedAt.plus(resync).isAfter(now);
    }
}
