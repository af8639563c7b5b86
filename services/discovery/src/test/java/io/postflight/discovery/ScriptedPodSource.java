package io.postflight.discovery;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.TargetDiscovery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link PodSource} a test scripts: what each cluster shows, whether opening or reading it throws,
 * and a record of the watches opened and closed. {@link #show} runs the open watches' dirty callbacks
 * as an informer would.
 */
final class ScriptedPodSource implements PodSource {
    private final Map<String, Snapshot> shown = new HashMap<>();
    private final Map<String, RuntimeException> openFails = new HashMap<>();
    private final Map<String, RuntimeException> readFails = new HashMap<>();
    final List<ScriptedWatch> opened = new CopyOnWriteArrayList<>();

    final class ScriptedWatch implements Watch {
        final String cluster;
        final String deploymentId;
        final Runnable dirty;
        volatile boolean closed;

        ScriptedWatch(String cluster, String deploymentId, Runnable dirty) {
            this.cluster = cluster;
            this.deploymentId = deploymentId;
            this.dirty = dirty;
        }

        @Override
        public Snapshot snapshot() {
            RuntimeException fail = readFails.get(cluster);
            if (fail != null) {
                throw fail;
            }
            Snapshot s = shown.get(cluster);
            return s != null ? s : Snapshot.incomplete("cluster " + cluster + ": nothing scripted");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Override
    public Watch open(String cluster, TargetDiscovery discovery, DeploymentRef deployment, Runnable dirty) {
        RuntimeException fail = openFails.get(cluster);
        if (fail != null) {
            throw fail;
        }
        ScriptedWatch w = new ScriptedWatch(cluster, deployment.deploymentId(), dirty);
        opened.add(w);
        return w;
    }

    /** The cluster shows {@code snapshot} from now on; its open watches are told. */
    void show(String cluster, Snapshot snapshot) {
        shown.put(cluster, snapshot);
        touch(cluster);
    }

    /** An informer event that changes nothing in the snapshot (a resync, an unrelated field). */
    void touch(String cluster) {
        open(cluster).forEach(w -> w.dirty.run());
    }

    void failOpening(String cluster, RuntimeException e) {
        if (e == null) {
            openFails.remove(cluster);
        } else {
            openFails.put(cluster, e);
        }
    }

    void failReading(String cluster, RuntimeException e) {
        if (e == null) {
            readFails.remove(cluster);
        } else {
            readFails.put(cluster, e);
        }
        touch(cluster);
    }

    List<ScriptedWatch> open(String cluster) {
        List<ScriptedWatch> out = new ArrayList<>();
        opened.stream().filter(w -> w.cluster.equals(cluster) && !w.closed).forEach(out::add);
        return out;
    }
}
