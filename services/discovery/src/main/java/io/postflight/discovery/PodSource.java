package io.postflight.discovery;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.TargetDiscovery;
import io.postflight.contracts.TargetsChanged;
import jakarta.annotation.Nullable;
import java.util.List;

/**
 * Where the discovery processor gets pods from: the one seam between the stream thread and
 * Kubernetes, so the processor is tested with a scripted source. {@link KubernetesPodSource} is the
 * real one.
 *
 * <p>The processor's thread calls {@link #open}, {@link Watch#snapshot()} and {@link Watch#close()};
 * none may block on the network. A watch calls {@code dirty} from its own threads whenever what it
 * sees may have changed; that is all it does to the processor. {@link KubeStateMetricsPodSource} reads
 * the same from kube-state-metrics through Prometheus.
 */
public interface PodSource extends AutoCloseable {

    /** The {@code source} its snapshots are published with ({@code kubernetes-api}, {@code kube-state-metrics}). */
    default String name() {
        return TargetsChanged.SOURCE_API;
    }

    /** Releases what the source holds for all its watches (clients, threads); the watches are closed first. */
    @Override
    default void close() {
    }

    /**
     * Starts watching the workload {@code discovery} names in one cluster, for {@code deployment}.
     *
     * @param dirty called (from any thread, often) when a new snapshot may differ; must not block
     * @throws RuntimeException when the request cannot be watched; the processor publishes the reason
     *     as an incomplete snapshot and tries again at the next resync
     */
    Watch open(String cluster, TargetDiscovery discovery, DeploymentRef deployment, Runnable dirty);

    /** One cluster's watch of one deployment. */
    interface Watch extends AutoCloseable {

        /** What the watch holds now (a memory read). */
        Snapshot snapshot();

        /** Stops watching; idempotent. */
        @Override
        void close();
    }

    /**
     * The new version in one cluster.
     *
     * @param workload the workload found, or null when none was
     * @param pods its new version's pods
     * @param complete false when anything was not found, not the announced version, cut, or unreachable
     * @param problem why it is not complete, one sentence
     */
    record Snapshot(@Nullable TargetsChanged.Workload workload, List<TargetsChanged.Pod> pods, boolean complete,
                    @Nullable String problem) {

        public Snapshot {
            pods = pods == null ? List.of() : List.copyOf(pods);
            if (complete != (problem == null)) {
                throw new IllegalArgumentException("a snapshot is complete exactly when it names no problem");
            }
        }

        /** Nothing to probe, and why. */
        public static Snapshot incomplete(String problem) {
            return new Snapshot(null, List.of(), false, problem);
        }
    }
}
