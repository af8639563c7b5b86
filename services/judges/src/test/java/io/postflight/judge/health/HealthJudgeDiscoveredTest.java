package io.postflight.judge.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Evidence;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.judge.pod.ContainerState;
import io.postflight.judge.pod.PodState;
import io.postflight.judge.pod.PodStatusPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The health phase of discovered pods (ADR 0029 §5, §6): pod-status rules first, probe rules on
 * active instances, departures, the pass of late pods, and the end of a rollout that never got ready.
 */
class HealthJudgeDiscoveredTest {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final Duration TICK = Duration.ofSeconds(10);
    private static final String A = "prod/shop/web-a";
    private static final String B = "prod/shop/web-b";
    private static final HealthPolicy POLICY = new HealthPolicy(3, 2, 2, Duration.ofMinutes(1));
    private final HealthJudge judge = new HealthJudge(POLICY);

    private static PodState ready(String instance) {
        return HealthTrackerRetargetTest.ready(instance);
    }

    private static PodState pod(String instance, String phase, boolean ready, ContainerState... cs) {
        return new PodState(instance, phase, ready, List.of(cs), Map.of(), null);
    }

    private static ContainerState app(int restarts, String waiting, String lastTerminated) {
        return new ContainerState("app", restarts, waiting, null, lastTerminated);
    }

    private static ProbeObservation up(String i) {
        return new ProbeObservation(i, true, true, true, i + " ok", 3);
    }

    private static ProbeObservation down(String i) {
        return new ProbeObservation(i, true, false, true, i + " ready: HTTP 503", 3);
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static HealthTracker discovered(PodState... pods) {
        return HealthTracker.start(T0, List.of()).retarget(List.of(pods), T0);
    }

    private static HealthTracker healthy(HealthTracker t, int rounds, String... instances) {
        for (int r = 0; r < rounds; r++) {
            t = t.observe(java.util.Arrays.stream(instances).map(HealthJudgeDiscoveredTest::up).toList());
        }
        return t;
    }

    private JudgeVerdict judge(HealthTracker t, Instant now, Discovery d) {
        return judge.judge(t, now, d, TICK);
    }

    private static Evidence evidence(JudgeVerdict v, String check) {
        return v.evidence().stream().filter(e -> e.check().equals(check)).findFirst().orElseThrow();
    }

    @Test
    void passesWhenEveryPodIsRunningReadyAndHealthyForTheRunOnACompleteFreshSnapshot() {
        HealthTracker t = discovered(ready(A), ready(B));
        assertThat(judge(healthy(t, 2, A, B), at(20), Discovery.complete(2)).status()).isEqualTo(JudgeStatus.WATCHING);
        JudgeVerdict v = judge(healthy(t, 3, A, B), at(30), Discovery.complete(2));
        assertThat(v.status()).isEqualTo(JudgeStatus.PASSED);
        assertThat(v.summary()).isEqualTo(
                "all 2 pods Running and Ready, live and ready for 3 consecutive probes since they appeared");
        assertThat(v.evidence()).extracting(Evidence::check)
                .containsExactly("health:" + A, "pod:" + A, "health:" + B, "pod:" + B);
        assertThat(judge(healthy(t, 3, A, B), at(30), new Discovery(true, true, null, false, null)).status())
                .as("a workload that does not say how many it wants").isEqualTo(JudgeStatus.PASSED);
    }

    @Test
    void anIncompleteStaleOrMissingSnapshotNeverPasses() {
        HealthTracker t = healthy(discovered(ready(A)), 3, A);
        Discovery incomplete = new Discovery(false, true, 1, false, "cluster prod did not answer");
        Discovery stale = new Discovery(true, false, 1, false, null);
        assertThat(judge(t, at(30), incomplete).status()).isEqualTo(JudgeStatus.WATCHING);
        assertThat(judge(t, at(30), stale).status()).isEqualTo(JudgeStatus.WATCHING);
        assertThat(judge.judge(t, at(30)).status()).isEqualTo(JudgeStatus.WATCHING);

        JudgeVerdict end = judge(t, at(60), incomplete);
        assertThat(end.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(end.summary()).isEqualTo("discovery incomplete: cluster prod did not answer: the new version's pods"
                + " could not be confirmed Running and Ready");
        assertThat(judge(t, at(60), stale).summary()).startsWith("discovery stale: no snapshot within twice its resync:");
        assertThat(judge.judge(t, at(60)).summary()).startsWith("discovery incomplete: discovery did not answer:");
        JudgeVerdict failing = judge.judge(t, at(60), new Discovery(false, true, 1, false, null), TICK);
        assertThat(failing.summary()).startsWith("discovery incomplete: the new");
        assertThat(judge(t, at(60), new Discovery(true, false, 1, false, "resync late")).summary())
                .startsWith("discovery stale: no snapshot within twice its resync (resync late):");
    }

    @Test
    void aPodFailingOnItsOwnFailsFirstNamingPodContainerAndReason() {
        PodState looping = new PodState(B, "Running", false,
                List.of(new ContainerState("app", 5, "CrashLoopBackOff", null, "Error")), Map.of("app", 1), null);
        HealthTracker t = discovered(ready(A), looping).observe(List.of(down(A), up(B)))
                .observe(List.of(up(A), down(B))).observe(List.of(down(A), up(B)));
        JudgeVerdict v = judge(t, at(30), Discovery.complete(2));

        assertThat(v.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(v.summary()).as("before A's crash loop").isEqualTo("pod " + B + " container app: CrashLoopBackOff");
        Evidence e = evidence(v, "pod:" + B);
        assertThat(e.breached()).isTrue();
        assertThat(e.summary()).isEqualTo(v.summary());
        assertThat(e.figures()).containsEntry("restarts", 5.0).containsEntry("restartsInPhase", 4.0)
                .containsEntry("maxRestarts", 2.0);
        assertThat(e.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("instance", B, "cluster", "prod",
                "namespace", "shop", "pod", "web-b", "reason", "CrashLoopBackOff"));
        Evidence fine = evidence(v, "pod:" + A);
        assertThat(fine.breached()).isFalse();
        assertThat(fine.summary()).isEqualTo(A + ": Running, Ready");
        assertThat(fine.labels()).doesNotContainKey("reason");
    }

    @Test
    void restartsCountFromFirstSightAndAnOomKillInThePhaseFails() {
        HealthTracker t = discovered(pod(A, "Running", true, app(1, null, "OOMKilled")));
        assertThat(judge(t, at(10), Discovery.complete(1)).status()).as("killed before we looked")
                .isEqualTo(JudgeStatus.WATCHING);
        t = t.retarget(List.of(pod(A, "Running", true, app(2, null, "OOMKilled"))), at(10));
        JudgeVerdict v = judge(t, at(10), Discovery.complete(1));
        assertThat(v.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(v.summary()).isEqualTo("pod " + A + " container app: OOMKilled (once in the phase)");
        assertThat(evidence(v, "pod:" + A).labels()).containsEntry("reason", "OOMKilled");
        assertThat(evidence(v, "pod:" + A).figures()).containsEntry("restartsInPhase", 1.0);
    }

    @Test
    void aFailedOrUnschedulablePodFailsTheVerdictWithItsName() {
        JudgeVerdict failed = judge(discovered(pod(A, "Failed", false)), at(10), Discovery.complete(1));
        assertThat(failed.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(failed.summary()).isEqualTo("pod " + A + ": Failed");
        assertThat(evidence(failed, "pod:" + A).labels()).containsEntry("reason", "Failed");

        PodState pending = new PodState(A, "Pending", false, List.of(), Map.of(), at(0));
        HealthTracker t = discovered(pending);
        HealthJudge longer = new HealthJudge(new HealthPolicy(3, 2, 2, Duration.ofMinutes(5)));
        assertThat(longer.judge(t, at(120), Discovery.complete(1), TICK).status()).isEqualTo(JudgeStatus.WATCHING);
        JudgeVerdict v = longer.judge(t, at(121), Discovery.complete(1), TICK);
        assertThat(v.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(v.summary()).isEqualTo("pod " + A + ": unschedulable for 2 min 1 s");
        assertThat(evidence(v, "pod:" + A).labels()).containsEntry("reason", "Unschedulable");
    }

    @Test
    void manyFailingPodsAreNamedUpToTheLimitAndCounted() {
        List<PodState> pods = IntStream.range(0, 12)
                .mapToObj(n -> pod("prod/shop/web-" + n, "Running", false, app(0, "ImagePullBackOff", null))).toList();
        JudgeVerdict v = judge(HealthTracker.start(T0, List.of()).retarget(pods, T0), at(0), Discovery.complete(12));
        assertThat(v.summary()).startsWith("pod prod/shop/web-0 container app: ImagePullBackOff; pod prod/shop/web-1 ")
                .contains("web-9 container app: ImagePullBackOff and 2 more").doesNotContain("web-10");
        assertThat(v.evidence()).as("each pod's probes and status").hasSize(24);
        JudgeVerdict ten = judge(HealthTracker.start(T0, List.of()).retarget(pods.subList(0, 10), T0), at(0),
                Discovery.complete(10));
        assertThat(ten.summary()).endsWith("web-9 container app: ImagePullBackOff");
    }

    @Test
    void probeRulesJudgeActiveInstancesOnly() {
        HealthTracker t = discovered(ready(A), ready(B)).observe(List.of(up(A), up(B)))
                .observe(List.of(up(A), down(B))).observe(List.of(up(A), up(B))).observe(List.of(up(A), down(B)));
        assertThat(judge(t, at(40), Discovery.complete(2)).summary()).startsWith("crash loop: " + B);
        HealthTracker gone = t.retarget(List.of(ready(A)), at(40));
        JudgeVerdict v = judge(gone, at(40), Discovery.complete(1));
        assertThat(v.status()).as("B departed: neutral").isEqualTo(JudgeStatus.PASSED);
        Evidence departed = evidence(v, "health:" + B);
        assertThat(departed.breached()).isFalse();
        assertThat(departed.summary()).isEqualTo(B + ": departed at 2026-11-29T10:00:40Z (last Running, Ready)");
        assertThat(v.evidence()).extracting(Evidence::check).doesNotContain("pod:" + B);

        HealthTracker sick = discovered(ready(A)).observe(List.of(down(A))).observe(List.of(down(A)));
        assertThat(judge(sick, at(20), Discovery.complete(1)).summary()).startsWith("unhealthy for 2 consecutive probes: ");
    }

    @Test
    void anInstanceThatNeverWasAPodDepartsWithoutPodEvidence() {
        HealthTracker t = HealthTracker.start(T0, List.of("10.0.0.7:8080")).retarget(List.of(ready(A)), at(10));
        JudgeVerdict v = judge(t, at(10), Discovery.complete(1));
        assertThat(evidence(v, "health:10.0.0.7:8080").summary()).isEqualTo("10.0.0.7:8080: departed at 2026-11-29T10:00:10Z");
        HealthTracker left = discovered(ready(A), pod(B, "Pending", false)).retarget(List.of(ready(A)), at(20));
        assertThat(evidence(judge(left, at(20), Discovery.complete(1)), "health:" + B).summary())
                .isEqualTo(B + ": departed at 2026-11-29T10:00:20Z (last Pending, not Ready)");
    }

    @Test
    void thePolicysPodStatusThresholdsAreTheOnesApplied() {
        HealthTracker t = discovered(pod(A, "Running", true, app(0, null, null)))
                .retarget(List.of(pod(A, "Running", true, app(2, null, "Error"))), at(10));
        assertThat(judge(t, at(10), Discovery.complete(1)).status()).isEqualTo(JudgeStatus.FAILED);
        HealthJudge tolerant = new HealthJudge(new HealthPolicy(3, 2, 2, Duration.ofMinutes(1), null, null,
                new PodStatusPolicy(3, Duration.ZERO, Duration.ZERO)));
        JudgeVerdict v = tolerant.judge(t, at(10), Discovery.complete(1), TICK);
        assertThat(v.status()).isEqualTo(JudgeStatus.WATCHING);
        assertThat(evidence(v, "pod:" + A).figures()).containsEntry("maxRestarts", 3.0);
    }

    @Test
    void aLatePodDelaysThePassWithoutRestartingTheOthers() {
        HealthTracker t = healthy(discovered(ready(A)), 2, A).retarget(List.of(ready(A), ready(B)), at(20));
        t = healthy(t, 1, A, B);
        assertThat(t.instances().get(A).consecutiveHealthy()).isEqualTo(3);
        assertThat(judge(t, at(30), Discovery.complete(2)).status()).isEqualTo(JudgeStatus.WATCHING);
        assertThat(judge(healthy(t, 1, A, B), at(40), Discovery.complete(2)).status()).isEqualTo(JudgeStatus.WATCHING);
        JudgeVerdict v = judge(healthy(t, 2, A, B), at(50), Discovery.complete(2));
        assertThat(v.status()).isEqualTo(JudgeStatus.PASSED);
    }

    @Test
    void thePhaseEndMovesForALatePodUpToTheGrace() {
        Instant end = at(60);
        assertThat(POLICY.effectivePhaseEnd(end, null, TICK)).isEqualTo(end);
        assertThat(POLICY.effectivePhaseEnd(end, at(20), TICK)).as("its run fits").isEqualTo(end);
        assertThat(POLICY.effectivePhaseEnd(end, at(30), TICK)).as("exactly fits").isEqualTo(end);
        assertThat(POLICY.effectivePhaseEnd(end, at(50), TICK)).isEqualTo(at(80));
        assertThat(POLICY.effectivePhaseEnd(end, at(210), TICK)).as("exactly the grace").isEqualTo(at(240));
        assertThat(POLICY.effectivePhaseEnd(end, at(211), TICK)).as("capped").isEqualTo(at(240));
        HealthPolicy noGrace = new HealthPolicy(3, 2, 2, Duration.ofMinutes(1), null, Duration.ZERO, null);
        assertThat(noGrace.effectivePhaseEnd(end, at(50), TICK)).isEqualTo(end);

        HealthTracker t = discovered(ready(A)).retarget(List.of(ready(A), pod(B, "Pending", false)), at(50));
        assertThat(judge.phaseEnd(t, TICK)).isEqualTo(at(80));
        assertThat(judge.remaining(t, at(70), TICK)).isEqualTo(Duration.ofSeconds(10));
        assertThat(judge.remaining(t, at(81), TICK)).isEqualTo(Duration.ZERO);
        assertThat(judge.remaining(t, at(70))).as("the old reckoning").isEqualTo(Duration.ZERO);
        assertThat(judge(t, at(79), Discovery.complete(2)).status()).isEqualTo(JudgeStatus.WATCHING);
        assertThat(judge(t, at(80), Discovery.complete(2)).status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        HealthTracker bGone = t.retarget(List.of(ready(A)), at(55));
        assertThat(judge.phaseEnd(bGone, TICK)).as("a departed late pod moves nothing").isEqualTo(at(60));
        HealthTracker fromStart = HealthTracker.start(T0, List.of("x"));
        assertThat(judge.phaseEnd(fromStart, TICK)).isEqualTo(at(60));
    }

    @Test
    void aPodNotReadyAtThePhaseEndGivesThePolicysOnNotReady() {
        HealthTracker t = healthy(discovered(ready(A), pod(B, "Running", false, app(0, null, null))), 3, A);
        assertThat(judge(t, at(59), Discovery.complete(2)).summary()).isEqualTo("probing 2 pods");
        JudgeVerdict hold = judge(t, at(60), Discovery.complete(2));
        assertThat(hold.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(hold.summary()).isEqualTo("phase ended with 1 pod(s) of the new version not Ready (" + B + " Running)");
        assertThat(evidence(hold, "pod:" + B).summary()).isEqualTo(B + ": Running, not Ready");

        HealthJudge strict = new HealthJudge(new HealthPolicy(3, 2, 2, Duration.ofMinutes(1), JudgeStatus.FAILED,
                null, null));
        JudgeVerdict rollback = strict.judge(t, at(60), Discovery.complete(2), TICK);
        assertThat(rollback.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(rollback.summary()).isEqualTo(hold.summary());

        HealthTracker readyNotRunning = healthy(discovered(pod(A, "Unknown", true)), 3, A);
        assertThat(judge(readyNotRunning, at(30), Discovery.complete(1)).status()).isEqualTo(JudgeStatus.WATCHING);
        assertThat(judge(readyNotRunning, at(60), Discovery.complete(1)).summary())
                .isEqualTo("phase ended with 1 pod(s) of the new version not Ready (" + A + " Unknown)");
    }

    @Test
    void desiredPodsMissingNeverPassAndEndAsNotReady() {
        HealthTracker t = healthy(discovered(ready(A)), 3, A);
        assertThat(judge(t, at(30), Discovery.complete(2)).status()).isEqualTo(JudgeStatus.WATCHING);
        assertThat(judge(t, at(30), Discovery.complete(1)).status()).isEqualTo(JudgeStatus.PASSED);
        JudgeVerdict v = judge(t, at(60), Discovery.complete(3));
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).isEqualTo("phase ended with 2 of 3 desired pods missing");
        HealthTracker both = discovered(pod(A, "Pending", false));
        assertThat(judge(both, at(60), Discovery.complete(2)).summary()).isEqualTo("phase ended with 1 pod(s) of the"
                + " new version not Ready (" + A + " Pending); 1 of 2 desired pods missing");
    }

    @Test
    void aRolloutPastItsProgressDeadlineGivesOnNotReadyAtOnce() {
        HealthTracker t = discovered(pod(A, "Pending", false, app(0, "ContainerCreating", null)));
        Discovery stuck = new Discovery(true, true, 1, true, null);
        JudgeVerdict v = judge(t, at(10), stuck);
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).isEqualTo("the rollout exceeded its progress deadline: 1 pod(s) of the new version"
                + " not Ready (" + A + " Pending)");
        assertThat(evidence(v, "pod:" + A).summary()).isEqualTo(A + ": Pending, not Ready (ContainerCreating)");
        HealthJudge strict = new HealthJudge(new HealthPolicy(3, 2, 2, Duration.ofMinutes(1), JudgeStatus.FAILED,
                null, null));
        assertThat(strict.judge(t, at(10), stuck, TICK).status()).isEqualTo(JudgeStatus.FAILED);
        HealthTracker allReady = healthy(discovered(ready(A)), 3, A);
        assertThat(judge(allReady, at(30), stuck).summary())
                .isEqualTo("the rollout exceeded its progress deadline: every pod seen is Ready");
    }

    @Test
    void allPodsGoneOrNoneEverIsInconclusiveAtThePhasesEndNotBefore() {
        HealthTracker t = discovered(ready(A), ready(B)).retarget(List.of(), at(10));
        // A moment without pods (the only one being replaced) ends nothing before the phase's end.
        assertThat(judge(t, at(10), Discovery.complete(0)).status()).isEqualTo(JudgeStatus.WATCHING);
        JudgeVerdict v = judge(t, at(60), Discovery.complete(0));
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).isEqualTo("the new version has no pods (rollout aborted or scaled to zero?): all 2 departed");
        HealthTracker back = t.retarget(List.of(ready(B)), at(20));
        assertThat(judge(healthy(back, 3, B), at(50), Discovery.complete(1)).status()).as("a pod back in time passes")
                .isEqualTo(JudgeStatus.PASSED);

        HealthTracker none = discovered();
        assertThat(judge(none, at(59), Discovery.complete(1)).summary()).isEqualTo("waiting for the new version's pods");
        JudgeVerdict end = judge(none, at(60), Discovery.complete(1));
        assertThat(end.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(end.summary()).isEqualTo(HealthJudge.NO_PODS);
        assertThat(judge(none, at(60), Discovery.complete(0)).summary()).isEqualTo(HealthJudge.NO_PODS);
    }

    @Test
    void podsKeepBeingReplacedWhenMoreThanTheFlapsLeftBeforeTheyWereReady() {
        HealthTracker t = HealthTracker.start(T0, List.of());
        for (int n = 0; n < 2; n++) {
            t = t.retarget(List.of(ready(A), pod("prod/shop/new-" + n, "Running", false, app(1, null, "Error"))),
                    at(n * 10));
        }
        HealthTracker two = t.retarget(List.of(ready(A)), at(30));
        assertThat(two.departedNotReady()).isEqualTo(2);
        HealthTracker h = healthy(two, 3, A);
        assertThat(judge(h, at(40), Discovery.complete(1)).status()).as("2 is not more than 2")
                .isEqualTo(JudgeStatus.PASSED);
        HealthTracker three = h.retarget(List.of(ready(A), pod("prod/shop/new-3", "Running", false,
                app(1, null, "Error"))), at(40))
                .retarget(List.of(ready(A)), at(50));
        JudgeVerdict v = judge(three, at(50), Discovery.complete(1));
        assertThat(v.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(v.summary()).isEqualTo("pods keep being replaced: 3 pods of the new version left before they were"
                + " Ready within the phase (more than 2 fail it)");
    }

    @Test
    void theEndWithEveryPodReadyButTooFewProbesSaysWhy() {
        HealthTracker t = healthy(discovered(ready(A)), 2, A);
        JudgeVerdict v = judge(t, at(60), Discovery.complete(1));
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).isEqualTo("phase ended without 3 consecutive healthy probes on every pod since it appeared");
        HealthTracker starved = t.observe(List.of(ProbeObservation.unknown(A, "probe queue full", 0)));
        assertThat(judge(starved, at(60), Discovery.complete(1)).summary()).startsWith(HealthJudge.VERIFIER_OVERLOADED);
    }

    @Test
    void anActiveInstanceWithoutPodStatusIsNotReady() {
        Map<String, InstanceHealth> instances = new LinkedHashMap<>();
        instances.put("x", new InstanceHealth("x", 3, 3, 0, 0, true, "ok", 0));
        HealthTracker t = new HealthTracker(T0, 3, instances, Map.of(), T0, 0);
        assertThat(judge(t, at(30), Discovery.complete(1)).status()).isEqualTo(JudgeStatus.WATCHING);
        assertThat(judge(t, at(60), Discovery.complete(1)).summary())
                .isEqualTo("phase ended with 1 pod(s) of the new version not Ready (x without pod status)");
    }

    @Test
    void podLabelsAndReasonsReadAsKubernetesSaysThem() {
        assertThat(HealthJudge.podLabels("web-a")).containsExactly(Map.entry("instance", "web-a"));
        assertThat(HealthJudge.podLabels("a/b/c/d")).containsOnlyKeys("instance");
        assertThat(HealthJudge.podLabels("c/n/p")).containsExactly(Map.entry("instance", "c/n/p"),
                Map.entry("cluster", "c"), Map.entry("namespace", "n"), Map.entry("pod", "p"));
        assertThat(HealthJudge.reasonOf(ready(A))).isNull();
        assertThat(HealthJudge.reasonOf(pod(A, "Running", true, app(1, null, "Error")))).isEqualTo("Error");
        PodState before = new PodState(A, "Running", true, List.of(app(1, null, "Error")), Map.of("app", 1), null);
        assertThat(HealthJudge.reasonOf(before)).as("ended before the phase").isNull();
        assertThat(HealthJudge.reasonOf(pod(A, "Running", false, app(0, null, "Error"), app(2, "ErrImagePull", null))))
                .isEqualTo("ErrImagePull");
        assertThat(HealthJudge.reasonOf(new PodState(A, "Pending", false, List.of(), Map.of(), T0))).isEqualTo("Unschedulable");
        assertThat(HealthJudge.reasonOf(pod(A, "Pending", false))).isEqualTo("Pending");
        assertThat(HealthJudge.reasonOf(pod(A, "Running", false, app(1, null, null),
                new ContainerState("sidecar", 1, null, null, "OOMKilled")))).isEqualTo("OOMKilled");
    }

    @Test
    void manyPodsAreListedWithinTheBound() {
        List<PodState> pods = new ArrayList<>();
        IntStream.range(0, 30).forEach(n -> pods.add(ready("prod/shop/web-" + n)));
        HealthTracker t = HealthTracker.start(T0, List.of()).retarget(pods, T0);
        JudgeVerdict v = judge(t, at(10), Discovery.complete(30));
        assertThat(v.summary()).isEqualTo("probing 30 pods");
        assertThat(v.evidence()).hasSize(HealthJudge.MAX_LISTED_INSTANCES + 1);
    }
}
