package io.postflight.judge.health;

import io.postflight.contracts.Evidence;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import java.time.Duration;
import java.time.Instant;
import io.postflight.judge.pod.ContainerState;
import io.postflight.judge.pod.PodState;
import io.postflight.judge.pod.PodStatusRules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Judges the health phase from the probe tallies. Pure: the tracker and "now" in, a verdict out.
 *
 * <p>Order of the rules matters: a crash loop fails even when the instance is up at this moment
 * (it will go down again); sustained unhealthiness fails; the phase passes only when every
 * instance has been healthy for the whole required run; no instances at all is INCONCLUSIVE,
 * because silence is not evidence of health.
 */
public final class HealthJudge {
    /** The reason, at the start of an INCONCLUSIVE summary, when probes the verifier could not run left too few known rounds. */
    public static final String VERIFIER_OVERLOADED = "verifier overloaded";
    /**
     * Instances a verdict lists one by one (breached ones first); the rest are counted in one more
     * item. A phase result must stay far below a Kafka record's limit whatever the number of
     * targets: with a thousand long instance names a full list passed 1 MiB and could not be written.
     */
    public static final int MAX_LISTED_INSTANCES = 25;
    /** Instances named in a summary line; the rest are counted. */
    public static final int MAX_NAMED_INSTANCES = 10;
    /** The summary when the new version's pods are all gone, or never came. */
    public static final String NO_PODS = "the new version has no pods (rollout aborted or scaled to zero?)";
    private final HealthPolicy policy;

    public HealthJudge(HealthPolicy policy) {
        this.policy = policy;
    }

    public HealthPolicy policy() {
        return policy;
    }

    /** The verdict on probes alone, or, for a tracker with discovered pods, as if no snapshot were held. */
    public JudgeVerdict judge(HealthTracker tracker, Instant now) {
        return judge(tracker, now, null, Duration.ZERO);
    }

    /**
     * The verdict at {@code now}. A tracker without pod information is judged on probes alone, as
     * before discovery ({@code discovery} and {@code probeInterval} then do not matter); one with
     * discovered pods by {@link #judgeDiscovered}.
     *
     * @param discovery what is known of the snapshot behind the pods; {@code null} when none is held
     * @param probeInterval time between two probe rounds, for the end of a phase with late pods
     */
    public JudgeVerdict judge(HealthTracker tracker, Instant now, Discovery discovery, Duration probeInterval) {
        if (tracker.discovered()) {
            return judgeDiscovered(tracker, now, discovery == null ? Discovery.UNKNOWN : discovery, probeInterval);
        }
        if (tracker.instances().isEmpty()) {
            return new JudgeVerdict(JudgeStatus.INCONCLUSIVE,
                    "no instances to probe: neither the deploy event nor the target map named any", List.of());
        }
        List<Evidence> crashLooping = new ArrayList<>();
        List<Evidence> unhealthy = new ArrayList<>();
        List<Evidence> all = new ArrayList<>();
        for (InstanceHealth i : tracker.instances().values()) {
            tally(i, all, crashLooping, unhealthy);
        }
        JudgeVerdict failed = probeFailure(crashLooping, unhealthy, all);
        if (failed != null) {
            return failed;
        }
        boolean allPassed = tracker.instances().values().stream()
                .allMatch(i -> i.consecutiveHealthy() >= policy.passAfterConsecutiveHealthy());
        if (allPassed) {
            return new JudgeVerdict(JudgeStatus.PASSED, "all " + tracker.instances().size()
                    + " instances live and ready for " + policy.passAfterConsecutiveHealthy()
                    + " consecutive probes", listed(all));
        }
        if (!now.isBefore(tracker.startedAt().plus(policy.phaseDuration()))) {
            JudgeVerdict starved = starved(tracker.instances().values(), all);
            if (starved != null) {
                return starved;
            }
            return new JudgeVerdict(JudgeStatus.INCONCLUSIVE, "phase ended after "
                    + policy.phaseDuration().toSeconds() + " s without " + policy.passAfterConsecutiveHealthy()
                    + " consecutive healthy probes on every instance", listed(all));
        }
        return new JudgeVerdict(JudgeStatus.WATCHING, "probing", listed(all));
    }

    /**
     * The health phase of discovered pods (ADR 0029 §5, §6), rules in the order an on-call engineer
     * looks: a pod failing on its own (pod, container and reason named); pods of the revision that
     * keep being replaced; today's probe rules on the active instances; a rollout
     * past its progress deadline; the pass (a complete, fresh snapshot, the desired pods all Running
     * and Ready, each with its own healthy run since it appeared); at the phase's end (moved for late
     * pods) no pod at all is INCONCLUSIVE and a pod not Ready gives the policy's {@code onNotReady}.
     * Departed pods are listed, not judged.
     */
    private JudgeVerdict judgeDiscovered(HealthTracker tracker, Instant now, Discovery discovery,
                                         Duration probeInterval) {
        List<InstanceHealth> active = tracker.active();
        // A stale snapshot is judged as of when it was folded in: a wait or an unschedulable spell
        // is not taken to have lasted through a silence of discovery.
        Instant rulesAt = discovery.fresh() || tracker.retargetedAt() == null ? now : tracker.retargetedAt();
        List<Evidence> all = new ArrayList<>();
        List<String> podFailures = new ArrayList<>();
        List<Evidence> crashLooping = new ArrayList<>();
        List<Evidence> unhealthy = new ArrayList<>();
        List<String> notReady = new ArrayList<>();
        for (InstanceHealth i : active) {
            tally(i, all, crashLooping, unhealthy);
            PodState pod = tracker.pods().get(i.instance());
            if (pod == null) {
                notReady.add(i.instance() + " without pod status");
                continue;
            }
            String failure = PodStatusRules.failure(pod, rulesAt, policy.podStatus());
            if (failure != null) {
                podFailures.add(failure);
            }
            if (!pod.ready() || !"Running".equals(pod.phase())) {
                notReady.add(pod.instance() + " " + pod.phase());
            }
            all.add(podEvidence(pod, failure));
        }
        for (InstanceHealth i : tracker.departed()) {
            all.add(departedEvidence(i, tracker.pods().get(i.instance())));
        }
        if (!podFailures.isEmpty()) {
            return new JudgeVerdict(JudgeStatus.FAILED, String.join("; ",
                    podFailures.stream().limit(MAX_NAMED_INSTANCES).toList()) + more(podFailures.size()), listed(all));
        }
        if (tracker.departedNotReady() > policy.crashLoopFlaps()) {
            return new JudgeVerdict(JudgeStatus.FAILED, "pods keep being replaced: " + tracker.departedNotReady()
                    + " pods of the new version left before they were Ready within the phase (more than "
                    + policy.crashLoopFlaps() + " fail it)", listed(all));
        }
        JudgeVerdict failed = probeFailure(crashLooping, unhealthy, all);
        if (failed != null) {
            return failed;
        }
        int desired = discovery.desired() == null ? 0 : discovery.desired();
        int missing = Math.max(0, desired - active.size());
        String doubt = discovery.doubt();
        // Only a complete, fresh snapshot's deadline counts: an incomplete one may describe the
        // revision before the announced one (the controller has not acted on the new spec yet).
        if (discovery.progressDeadlineExceeded() && doubt == null) {
            return new JudgeVerdict(policy.onNotReady(), "the rollout exceeded its progress deadline: "
                    + notReady(notReady, missing, desired), listed(all));
        }
        boolean allPassed = active.stream()
                .allMatch(i -> i.consecutiveHealthy() >= policy.passAfterConsecutiveHealthy());
        if (doubt == null && !active.isEmpty() && missing == 0 && notReady.isEmpty() && allPassed) {
            return new JudgeVerdict(JudgeStatus.PASSED, "all " + active.size() + " pods Running and Ready, live and"
                    + " ready for " + policy.passAfterConsecutiveHealthy() + " consecutive probes since they appeared",
                    listed(all));
        }
        if (now.isBefore(phaseEnd(tracker, probeInterval))) {
            return new JudgeVerdict(JudgeStatus.WATCHING, active.isEmpty() ? "waiting for the new version's pods"
                    : "probing " + active.size() + " pods", listed(all));
        }
        if (doubt != null) {
            return new JudgeVerdict(JudgeStatus.INCONCLUSIVE, doubt + ": the new version's pods could not be"
                    + " confirmed Running and Ready", listed(all));
        }
        if (active.isEmpty()) {
            // Only at the end: a single pod being replaced leaves none for a moment, which ends nothing.
            return new JudgeVerdict(JudgeStatus.INCONCLUSIVE, NO_PODS + (tracker.departed().isEmpty() ? ""
                    : ": all " + tracker.departed().size() + " departed"), listed(all));
        }
        if (!notReady.isEmpty() || missing > 0) {
            return new JudgeVerdict(policy.onNotReady(), "phase ended with " + notReady(notReady, missing, desired),
                    listed(all));
        }
        return judgeProbesAtEnd(active, all);
    }

    /** The end of a phase whose pods are all Ready but whose probes never ran long enough. */
    private JudgeVerdict judgeProbesAtEnd(List<InstanceHealth> active, List<Evidence> all) {
        JudgeVerdict starved = starved(active, all);
        if (starved != null) {
            return starved;
        }
        return new JudgeVerdict(JudgeStatus.INCONCLUSIVE, "phase ended without " + policy.passAfterConsecutiveHealthy()
                + " consecutive healthy probes on every pod since it appeared", listed(all));
    }

    /** Lists the instance's evidence in {@code all}, and in the crash-looping or unhealthy ones if it is. */
    private void tally(InstanceHealth i, List<Evidence> all, List<Evidence> crashLooping, List<Evidence> unhealthy) {
        Evidence e = evidenceOf(i);
        all.add(e);
        if (i.flaps() >= policy.crashLoopFlaps()) {
            crashLooping.add(e);
        } else if (i.consecutiveUnhealthy() >= policy.failAfterConsecutiveUnhealthy()) {
            unhealthy.add(e);
        }
    }

    /** The probe rules' FAILED (a crash loop first, then sustained unhealthiness), or {@code null}. */
    private JudgeVerdict probeFailure(List<Evidence> crashLooping, List<Evidence> unhealthy, List<Evidence> all) {
        if (!crashLooping.isEmpty()) {
            return new JudgeVerdict(JudgeStatus.FAILED, "crash loop: " + names(crashLooping) + " went down "
                    + policy.crashLoopFlaps() + " or more times", listed(all));
        }
        if (!unhealthy.isEmpty()) {
            return new JudgeVerdict(JudgeStatus.FAILED, "unhealthy for " + policy.failAfterConsecutiveUnhealthy()
                    + " consecutive probes: " + describe(unhealthy), listed(all));
        }
        return null;
    }

    /** INCONCLUSIVE when probes the verifier could not run left too few known rounds, or {@code null}. */
    private JudgeVerdict starved(Collection<InstanceHealth> instances, List<Evidence> all) {
        List<InstanceHealth> starved = instances.stream()
                .filter(i -> i.unknownRounds() > 0
                        && i.consecutiveHealthy() < policy.passAfterConsecutiveHealthy())
                .toList();
        if (starved.isEmpty()) {
            return null;
        }
        // Too few known rounds because the verifier could not probe: no evidence either way.
        return new JudgeVerdict(JudgeStatus.INCONCLUSIVE, VERIFIER_OVERLOADED + ": "
                + describeUnknown(starved) + "; too few known rounds for "
                + policy.passAfterConsecutiveHealthy() + " consecutive healthy probes", listed(all));
    }

    /**
     * When the phase of {@code tracker} ends: the configured end, moved for the last active instance
     * that appeared late ({@link HealthPolicy#effectivePhaseEnd}).
     */
    public Instant phaseEnd(HealthTracker tracker, Duration probeInterval) {
        Instant last = tracker.active().stream().map(InstanceHealth::appearedAt).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        return policy.effectivePhaseEnd(tracker.startedAt().plus(policy.phaseDuration()), last, probeInterval);
    }

    private static String notReady(List<String> notReady, int missing, int desired) {
        List<String> parts = new ArrayList<>();
        if (!notReady.isEmpty()) {
            parts.add(notReady.size() + " pod(s) of the new version not Ready (" + String.join(", ", notReady.stream()
                    .limit(MAX_NAMED_INSTANCES).toList()) + more(notReady.size()) + ")");
        }
        if (missing > 0) {
            parts.add(missing + " of " + desired + " desired pods missing");
        }
        return parts.isEmpty() ? "every pod seen is Ready" : String.join("; ", parts);
    }

    private Evidence podEvidence(PodState pod, String failure) {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("restarts", (double) pod.containers().stream().mapToInt(ContainerState::restarts).sum());
        figures.put("restartsInPhase", (double) pod.containers().stream().mapToInt(pod::restartsInPhase).sum());
        figures.put("maxRestarts", (double) policy.podStatus().maxRestarts());
        String reason = reasonOf(pod);
        Map<String, String> labels = podLabels(pod.instance());
        if (reason != null) {
            labels.put("reason", reason);
        }
        String summary = failure != null ? failure : pod.instance() + ": " + pod.phase()
                + (pod.ready() ? ", Ready" : ", not Ready") + (reason == null ? "" : " (" + reason + ")");
        return new Evidence("pod:" + pod.instance(), failure != null, summary, figures, labels);
    }

    private Evidence departedEvidence(InstanceHealth i, PodState last) {
        Evidence e = evidenceOf(i);
        String was = last == null ? "" : " (last " + last.phase() + (last.ready() ? ", Ready" : ", not Ready") + ")";
        return new Evidence(e.check(), false, i.instance() + ": departed at " + i.departedAt() + was, e.figures(),
                e.labels());
    }

    /** {@code instance}, and {@code cluster}, {@code namespace}, {@code pod} when it reads {@code <cluster>/<namespace>/<pod>}. */
    static Map<String, String> podLabels(String instance) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("instance", instance);
        String[] parts = instance.split("/", -1);
        if (parts.length == 3) {
            labels.put("cluster", parts[0]);
            labels.put("namespace", parts[1]);
            labels.put("pod", parts[2]);
        }
        return labels;
    }

    /** The first thing wrong with the pod, in Kubernetes' words, or {@code null} if nothing is. */
    static String reasonOf(PodState pod) {
        for (ContainerState c : pod.containers()) {
            if (c.waitingReason() != null) {
                return c.waitingReason();
            }
        }
        for (ContainerState c : pod.containers()) {
            if (c.lastTerminatedReason() != null && pod.restartsInPhase(c) > 0) {
                return c.lastTerminatedReason();
            }
        }
        if (pod.unschedulableSince() != null) {
            return "Unschedulable";
        }
        return "Running".equals(pod.phase()) ? null : pod.phase();
    }

    private Evidence evidenceOf(InstanceHealth i) {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("rounds", (double) i.rounds());
        figures.put("unknownRounds", (double) i.unknownRounds());
        figures.put("consecutiveHealthy", (double) i.consecutiveHealthy());
        figures.put("consecutiveUnhealthy", (double) i.consecutiveUnhealthy());
        figures.put("flaps", (double) i.flaps());
        figures.put("passAfterConsecutiveHealthy", (double) policy.passAfterConsecutiveHealthy());
        figures.put("failAfterConsecutiveUnhealthy", (double) policy.failAfterConsecutiveUnhealthy());
        figures.put("crashLoopFlaps", (double) policy.crashLoopFlaps());
        boolean breached = i.flaps() >= policy.crashLoopFlaps()
                || i.consecutiveUnhealthy() >= policy.failAfterConsecutiveUnhealthy();
        String last = i.lastDetail() == null ? "not probed yet" : i.lastDetail();
        return new Evidence("health:" + i.instance(), breached, i.instance() + ": " + last, figures,
                Map.of("instance", i.instance()));
    }

    private static String describeUnknown(List<InstanceHealth> starved) {
        InstanceHealth first = starved.get(0);
        return starved.size() + " instance(s) not probed on some rounds (" + first.instance() + ": "
                + first.unknownRounds() + " of " + first.rounds() + " rounds, last: " + first.lastDetail() + ")";
    }

    private static String names(List<Evidence> es) {
        return String.join(", ", es.stream().limit(MAX_NAMED_INSTANCES).map(e -> e.labels().get("instance")).toList())
                + more(es.size());
    }

    private static String describe(List<Evidence> es) {
        return String.join("; ", es.stream().limit(MAX_NAMED_INSTANCES).map(Evidence::summary).toList())
                + more(es.size());
    }

    private static String more(int size) {
        return size > MAX_NAMED_INSTANCES ? " and " + (size - MAX_NAMED_INSTANCES) + " more" : "";
    }

    /** At most {@link #MAX_LISTED_INSTANCES} instances, breached ones first, and a count of the rest. */
    static List<Evidence> listed(List<Evidence> all) {
        if (all.size() <= MAX_LISTED_INSTANCES) {
            return all;
        }
        List<Evidence> shown = new ArrayList<>(all.stream().filter(Evidence::breached).limit(MAX_LISTED_INSTANCES).toList());
        all.stream().filter(e -> !e.breached()).limit(MAX_LISTED_INSTANCES - shown.size()).forEach(shown::add);
        long breachedLeft = all.stream().filter(Evidence::breached).count()
                - shown.stream().filter(Evidence::breached).count();
        int left = all.size() - shown.size();
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("instances", (double) all.size());
        figures.put("notListed", (double) left);
        figures.put("notListedBreached", (double) breachedLeft);
        shown.add(new Evidence("health:not-listed", breachedLeft > 0, left + " more instance(s) not listed, "
                + breachedLeft + " of them breaching", figures, Map.of()));
        return shown;
    }

    /** How long the phase may still run, for scheduling. */
    public Duration remaining(HealthTracker tracker, Instant now) {
        Duration d = Duration.between(now, tracker.startedAt().plus(policy.phaseDuration()));
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** How long the phase may still run, its end moved for late pods ({@link #phaseEnd}). */
    public Duration remaining(HealthTracker tracker, Instant now, Duration probeInterval) {
        Duration d = Duration.between(now, phaseEnd(tracker, probeInterval));
        return d.isNegative() ? Duration.ZERO : d;
    }
}
