package io.postflight.discovery;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.TargetDiscovery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running side of one slot's watch, in memory on the stream thread: one {@link PodSource.Watch}
 * per cluster the request names. A cluster whose watch could not be opened (the source threw) is held
 * as its reason and tried again by {@link #retryFailed()}; a watch that throws when asked for its
 * snapshot stands for that reason too. Nothing here outlives the task: the store is the record.
 */
final class LiveWatch implements AutoCloseable {
    private final PodSource source;
    private final String deploymentId;
    private final TargetDiscovery discovery;
    private final DeploymentRef deployment;
    private final Runnable dirty;
    /** Per cluster in request order: an open watch, or null when it failed (reason in {@link #failures}). */
    private final Map<String, PodSource.Watch> watches = new LinkedHashMap<>();
    private final Map<String, String> failures = new LinkedHashMap<>();
    /** Why the request cannot be watched at all (it failed its own check), or null. */
    private final String refused;

    LiveWatch(PodSource source, DeploymentRef deployment, TargetDiscovery discovery, Runnable dirty) {
        this.source = source;
        this.deploymentId = deployment.deploymentId();
        this.deployment = deployment;
        this.discovery = discovery;
        this.dirty = dirty;
        this.refused = check(discovery);
        if (refused == null) {
            discovery.clusters().forEach(this::open);
        }
    }

    String deploymentId() {
        return deploymentId;
    }

    private static String check(TargetDiscovery discovery) {
        try {
            discovery.checked();
            return null;
        } catch (IllegalArgumentException e) {
            return Problems.cut("the discovery request is not usable: " + e.getMessage(), Problems.MAX_PART);
        }
    }

    private void open(String cluster) {
        try {
            watches.put(cluster, source.open(cluster, discovery, deployment, dirty));
            failures.remove(cluster);
        } catch (IllegalArgumentException e) {
            // The source refused the request itself (a digest it needs, a selector it cannot use): its
            // own sentence about the request's fields, which the operator needs to fix it, not a secret.
            watches.put(cluster, null);
            failures.put(cluster, "cluster " + cluster + ": the discovery request is not usable: "
                    + Problems.cut(String.valueOf(e.getMessage()), Problems.MAX_PART));
        } catch (RuntimeException e) {
            watches.put(cluster, null);
            failures.put(cluster, "cluster " + cluster + ": " + Problems.describe(e));
        }
    }

    /** Tries again to open the clusters whose watch could not be opened; true if there were any. */
    boolean retryFailed() {
        List<String> failed = new ArrayList<>(failures.keySet());
        failed.forEach(this::open);
        return !failed.isEmpty();
    }

    /** Each cluster's snapshot now, in request order; a failed or throwing watch as its reason. */
    List<PodSource.Snapshot> snapshots() {
        if (refused != null) {
            return List.of(PodSource.Snapshot.incomplete(refused));
        }
        List<PodSource.Snapshot> out = new ArrayList<>(watches.size());
        watches.forEach((cluster, watch) -> {
            if (watch == null) {
                out.add(PodSource.Snapshot.incomplete(failures.get(cluster)));
                return;
            }
            try {
                out.add(watch.snapshot());
            } catch (RuntimeException e) {
                out.add(PodSource.Snapshot.incomplete("cluster " + cluster + ": " + Problems.describe(e)));
            }
        });
        return out;
    }

    int maxPods() {
        return discovery.maxPods();
    }

    @Override
    public void close() {
        watches.values().forEach(w -> {
            if (w != null) {
                try {
                    w.close();
                } catch (RuntimeException e) {
                    // Closing is best effort: the informers die with the client at shutdown anyway.
                }
            }
        });
        watches.clear();
    }
}
