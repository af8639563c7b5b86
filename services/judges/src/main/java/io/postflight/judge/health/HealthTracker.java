package io.postflight.judge.health;

import io.postflight.judge.pod.ContainerState;
import io.postflight.judge.pod.PodState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The health phase's state for one deployment: when it began and each instance's tally. Kept in
 * a Kafka Streams state store, so it must stay a plain value.
 *
 * <p>A tracker built by {@link #start} and never {@linkplain #retarget retargeted} (targets of the
 * deploy event, entries written before discovery) has every instance active since the start and no
 * pod information: it is judged as before discovery existed.
 *
 * @param startedAt when the phase began
 * @param rounds probe rounds completed
 * @param instances tally per instance, in target order, departed ones included
 * @param pods the newest pod state per instance discovery showed (with what was first seen of it);
 *     empty without discovery
 * @param retargetedAt when discovery's pods were last folded in, or {@code null} if never: the
 *     verification then has no pod information
 * @param departedNotReady pods that departed within the phase while not Ready (a revision whose pods
 *     keep being replaced); {@code null} in entries written before discovery reads as 0
 */
public record HealthTracker(Instant startedAt, int rounds, Map<String, InstanceHealth> instances,
                            Map<String, PodState> pods, Instant retargetedAt, Integer departedNotReady) {

    /** Departed instances kept for evidence when the caller gives no cap: the discovery's default {@code maxPods}. */
    public static final int DEFAULT_MAX_DEPARTED = 100;

    public HealthTracker {
        instances = instances == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(instances));
        pods = pods == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(pods));
        departedNotReady = departedNotReady == null ? 0 : departedNotReady;
    }

    /** A tracker without pod information (as written before discovery). */
    public HealthTracker(Instant startedAt, int rounds, Map<String, InstanceHealth> instances) {
        this(startedAt, rounds, instances, null, null, null);
    }

    public static HealthTracker start(Instant startedAt, List<String> instanceNames) {
        Map<String, InstanceHealth> m = new LinkedHashMap<>();
        instanceNames.forEach(n -> m.put(n, InstanceHealth.fresh(n)));
        return new HealthTracker(startedAt, 0, m);
    }

    /** Whether discovery's pods were ever folded in: the verification's targets are discovered pods. */
    public boolean discovered() {
        return retargetedAt != null;
    }

    /** The instances still targeted, in target order. */
    public List<InstanceHealth> active() {
        return instances.values().stream().filter(InstanceHealth::active).toList();
    }

    /** The departed instances kept for evidence, in target order. */
    public List<InstanceHealth> departed() {
        return instances.values().stream().filter(i -> !i.active()).toList();
    }

    /** The state after one probe round; observations of unknown or departed instances are ignored. */
    public HealthTracker observe(List<ProbeObservation> round) {
        Map<String, InstanceHealth> m = new LinkedHashMap<>(instances);
        for (ProbeObservation o : round) {
            m.computeIfPresent(o.instance(), (k, v) -> v.active() ? v.observe(o) : v);
        }
        return new HealthTracker(startedAt, rounds + 1, m, pods, retargetedAt, departedNotReady);
    }

    /** {@link #retarget(List, Instant, int)} keeping at most {@link #DEFAULT_MAX_DEPARTED} departed instances. */
    public HealthTracker retarget(List<PodState> current, Instant at) {
        return retarget(current, at, DEFAULT_MAX_DEPARTED);
    }

    /**
     * Folds discovery's current pods of the new version in (ADR 0029 §5). A pod not tracked yet
     * starts a run of its own from {@code at}; one tracked but absent now departs (kept for
     * evidence, the oldest departed dropped first beyond {@code maxDeparted}); a departed one that
     * shows again starts afresh. The newest state of each pod is kept with what was first seen of
     * it: restart counts, and since when a container waits for the same reason or the pod is
     * unschedulable. Probe runs of the others are untouched.
     *
     * @param current the new version's pods as discovery shows them now
     * @param at when the snapshot was taken
     * @param maxDeparted departed instances kept at most
     */
    public HealthTracker retarget(List<PodState> current, Instant at, int maxDeparted) {
        return retarget(current, at, maxDeparted, true);
    }

    /**
     * As {@link #retarget(List, Instant, int)}; an incomplete snapshot ({@code complete} false: a
     * cluster did not answer, or the pods were cut at the limit) only updates and adds the pods it
     * shows: a pod missing from it is not known to be gone, so it neither departs nor counts as
     * replaced, and keeps its run and restart history.
     */
    public HealthTracker retarget(List<PodState> current, Instant at, int maxDeparted, boolean complete) {
        if (maxDeparted < 0) {
            throw new IllegalArgumentException("maxDeparted must not be negative: " + maxDeparted);
        }
        Map<String, PodState> now = new LinkedHashMap<>();
        current.forEach(p -> now.put(p.instance(), p));
        Map<String, InstanceHealth> m = new LinkedHashMap<>();
        Map<String, PodState> kept = new LinkedHashMap<>();
        int leftNotReady = departedNotReady;
        for (InstanceHealth i : instances.values()) {
            String name = i.instance();
            PodState seen = now.remove(name);
            PodState before = pods.get(name);
            if (seen == null && !complete) {
                m.put(name, i);
                if (before != null) {
                    kept.put(name, before);
                }
            } else if (seen == null) {
                if (i.active() && before != null && !before.ready() && showedFailure(before)) {
                    leftNotReady++;
                }
                m.put(name, i.active() ? i.departed(at) : i);
                if (before != null) {
                    kept.put(name, before);
                }
            } else if (i.active()) {
                m.put(name, i);
                kept.put(name, before == null ? firstSight(seen, at) : followUp(before, seen, at));
            } else {
                m.put(name, InstanceHealth.fresh(name, at));
                kept.put(name, firstSight(seen, at));
            }
        }
        for (PodState p : now.values()) {
            m.put(p.instance(), InstanceHealth.fresh(p.instance(), at));
            kept.put(p.instance(), firstSight(p, at));
        }
        List<InstanceHealth> departed = new ArrayList<>(m.values().stream().filter(i -> !i.active()).toList());
        departed.sort(Comparator.comparing(InstanceHealth::departedAt));
        for (InstanceHealth gone : departed.subList(0, Math.max(0, departed.size() - maxDeparted))) {
            m.remove(gone.instance());
            kept.remove(gone.instance());
        }
        return new HealthTracker(startedAt, rounds, m, kept, at, leftNotReady);
    }

    /**
     * Whether a pod showed it was failing: phase Failed, a container restarted or terminated, or
     * waiting for a reason other than being created. Only such pods count as "replaced" when they
     * leave before they were Ready: a rollout restarted or resynced during the phase deletes pods that
     * are still being created, which says nothing about the version.
     */
    static boolean showedFailure(PodState p) {
        return "Failed".equals(p.phase()) || p.containers().stream().anyMatch(c -> c.restarts() > 0
                || c.lastTerminatedReason() != null
                || c.waitingReason() != null && !STARTING_REASONS.contains(c.waitingReason()));
    }

    /** Waiting reasons of a container on its way up, not in trouble. */
    private static final java.util.Set<String> STARTING_REASONS = java.util.Set.of("ContainerCreating", "PodInitializing");

    /** A pod seen for the first time: its restarts so far are the baseline, its waits start now. */
    private static PodState firstSight(PodState p, Instant at) {
        Map<String, Integer> baseline = new LinkedHashMap<>();
        p.containers().forEach(c -> baseline.put(c.name(), c.restarts()));
        baseline.putAll(p.firstSeenRestarts());
        List<ContainerState> cs = p.containers().stream().map(c -> waitingFrom(c, null, at)).toList();
        return new PodState(p.instance(), p.phase(), p.ready(), cs, baseline, p.unschedulableSince());
    }

    /** A pod seen again: the first sight's baseline stays, a wait for the same reason keeps its start. */
    private static PodState followUp(PodState before, PodState p, Instant at) {
        Map<String, ContainerState> was = new LinkedHashMap<>();
        before.containers().forEach(c -> was.put(c.name(), c));
        List<ContainerState> cs = p.containers().stream().map(c -> waitingFrom(c, was.get(c.name()), at)).toList();
        return new PodState(p.instance(), p.phase(), p.ready(), cs, before.firstSeenRestarts(),
                p.unschedulableSince() == null ? null : earliest(p.unschedulableSince(), before.unschedulableSince()));
    }

    private static ContainerState waitingFrom(ContainerState c, ContainerState was, Instant at) {
        if (c.waitingReason() == null) {
            return c;
        }
        Instant earlier = was != null && c.waitingReason().equals(was.waitingReason()) ? was.waitingSince() : null;
        Instant since = earliest(c.waitingSince() == null ? at : c.waitingSince(), earlier);
        return new ContainerState(c.name(), c.restarts(), c.waitingReason(), since, c.lastTerminatedReason());
    }

    private static Instant earliest(Instant a, Instant b) {
        return b != null && b.isBefore(a) ? b : a;
    }
}
