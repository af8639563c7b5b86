package io.postflight.health;

import io.postflight.contracts.Target;
import io.postflight.contracts.TargetsChanged;
import io.postflight.judge.health.Discovery;
import io.postflight.judge.health.ProbeObservation;
import io.postflight.judge.pod.ContainerState;
import io.postflight.judge.pod.PodState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The discovery snapshots the health verifier follows (ADR 0029 §5): per slot, the newest
 * {@link TargetsChanged} of the deployment being verified, kept in the {@link #STORE} so a snapshot
 * read before its verification is not lost and a restarted verifier resumes with it. Snapshots are
 * full sets, so only the newest matters; an older sequence, a re-delivery, or a snapshot of another
 * deployment while this one is verified is set aside.
 */
final class DiscoveredTargets {
    static final String STORE = "health-targets";
    /**
     * A snapshot older than this is stale: twice the discovery service's default resync (30 s), at
     * which it republishes an unchanged snapshot as a heartbeat. A stale snapshot never lets a phase pass.
     */
    static final Duration FRESH_FOR = Duration.ofSeconds(60);

    /** What became of an offered snapshot. */
    enum Offer { KEPT, OLDER, OTHER_DEPLOYMENT }

    private final KeyValueStore<String, TargetsChanged> store;

    DiscoveredTargets(KeyValueStore<String, TargetsChanged> store) {
        this.store = store;
    }

    /**
     * Keeps {@code snapshot} as its slot's newest unless the slot holds a newer one of the same
     * deployment, or one of {@code verifiedDeploymentId} (the deployment being verified in the slot,
     * {@code null} if none) while this snapshot is of another.
     */
    Offer offer(TargetsChanged snapshot, String verifiedDeploymentId) {
        String slot = snapshot.slot();
        String deploymentId = snapshot.deployment().deploymentId();
        TargetsChanged held = store.get(slot);
        if (held != null && held.deployment().deploymentId().equals(deploymentId)
                && held.sequence() >= snapshot.sequence()) {
            return Offer.OLDER;
        }
        if (verifiedDeploymentId != null && !verifiedDeploymentId.equals(deploymentId)) {
            return Offer.OTHER_DEPLOYMENT;
        }
        store.put(slot, snapshot);
        return Offer.KEPT;
    }

    /** The newest snapshot held for {@code deploymentId} in {@code slot}, or {@code null}. */
    TargetsChanged newest(String slot, String deploymentId) {
        TargetsChanged held = store.get(slot);
        return held != null && held.deployment().deploymentId().equals(deploymentId) ? held : null;
    }

    /** Drops the slot's snapshot if it is {@code deploymentId}'s (a newer deployment's stays). */
    void forget(String slot, String deploymentId) {
        if (newest(slot, deploymentId) != null) {
            store.delete(slot);
        }
    }

    /** The snapshot's pods as the judge reads them (restarts as Kubernetes counts them; the tracker keeps first sight). */
    static List<PodState> pods(TargetsChanged snapshot) {
        return snapshot.pods().stream().map(p -> new PodState(p.instance(), p.phase(), p.ready(),
                p.containers().stream().map(c -> new ContainerState(c.name(), c.restarts(), c.waitingReason(),
                        c.waitingSince(), c.lastTerminatedReason())).toList(), Map.of(), p.unschedulableSince()))
                .toList();
    }

    /**
     * The pods probed: those the snapshot shows with an address that are Ready, or were probed
     * {@code before}. A pod still pulling its image or warming up refuses connections; probing it then
     * would count as unhealthy and fail a healthy rollout, so its probes start once the kubelet first
     * finds it Ready (its pod status is judged from the start; one that never gets Ready ends the phase
     * by {@code on-not-ready}). Once probed it stays probed, Ready or not: a pod that stops answering
     * is what the probes are for.
     *
     * <p>An incomplete snapshot: pods of a cluster that did not answer (no workload of that cluster in
     * it: API server unreachable, watch disconnected) stay probed as they were, since a control-plane
     * outage leaves pods running and a failing one must still fail the phase (which cannot pass while
     * the snapshot is incomplete). Pods of a cluster that answered but no longer shows them (a revision
     * that is not the announced one, pods removed) are not probed: a rollback must never rest on probes
     * of pods being removed.
     */
    static List<Target> targets(TargetsChanged snapshot, List<Target> before) {
        java.util.Set<String> probed = new java.util.HashSet<>();
        before.forEach(t -> probed.add(t.instance()));
        List<Target> shown = snapshot.pods().stream()
                .filter(p -> p.url() != null && (p.ready() || probed.contains(p.instance())))
                .map(p -> new Target(p.instance(), p.url())).toList();
        if (snapshot.complete()) {
            return shown;
        }
        java.util.Set<String> mentioned = new java.util.HashSet<>();
        snapshot.pods().forEach(p -> mentioned.add(p.instance()));
        java.util.Set<String> answered = new java.util.HashSet<>();
        snapshot.workloads().forEach(w -> answered.add(w.cluster()));
        snapshot.pods().forEach(p -> answered.add(p.cluster()));
        List<Target> kept = new java.util.ArrayList<>(shown);
        before.stream().filter(t -> !mentioned.contains(t.instance()) && !answered.contains(clusterOf(t.instance())))
                .forEach(kept::add);
        return List.copyOf(kept);
    }

    /** The cluster part of a discovered instance name, {@code <cluster>/<namespace>/<pod>} (ADR 0029 §4). */
    private static String clusterOf(String instance) {
        int slash = instance.indexOf('/');
        return slash < 0 ? instance : instance.substring(0, slash);
    }

    /**
     * For pods judged by their status alone: when {@code snapshot} is fresh at {@code now}, each pod it
     * shows Running and Ready is a healthy observation of this round, and each one not Ready that was
     * observed before ({@code observed}: it was Ready once) an unhealthy one, so readiness that comes
     * and goes breaks the run and counts as flaps, as failing HTTP probes would. A pod not yet Ready
     * once counts as nothing (it is starting); a stale view vouches for nothing.
     */
    static List<ProbeObservation> readiness(TargetsChanged snapshot, Instant now, java.util.Set<String> observed) {
        if (snapshot == null || !status(snapshot, now).fresh()) {
            return List.of();
        }
        List<ProbeObservation> out = new java.util.ArrayList<>();
        for (TargetsChanged.Pod p : snapshot.pods()) {
            boolean up = p.ready() && "Running".equals(p.phase());
            if (up) {
                out.add(new ProbeObservation(p.instance(), true, true, true, "kubelet: Running and Ready", 0));
            } else if (observed.contains(p.instance())) {
                out.add(new ProbeObservation(p.instance(), "Running".equals(p.phase()), false, true,
                        "kubelet: " + p.phase() + ", not Ready", 0));
            }
        }
        return out;
    }

    /** What the judge may rely on from {@code snapshot} at {@code now}; {@link Discovery#UNKNOWN} without one. */
    static Discovery status(TargetsChanged snapshot, Instant now) {
        if (snapshot == null) {
            return Discovery.UNKNOWN;
        }
        int desired = snapshot.workloads().stream().mapToInt(TargetsChanged.Workload::desired).sum();
        boolean stuck = snapshot.workloads().stream().anyMatch(TargetsChanged.Workload::progressDeadlineExceeded);
        boolean fresh = !snapshot.observedAt().plus(FRESH_FOR).isBefore(now);
        return new Discovery(snapshot.complete(), fresh, snapshot.workloads().isEmpty() ? null : desired, stuck,
                snapshot.problem());
    }
}
