package io.postflight.judge.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postflight.contracts.Json;
import io.postflight.judge.pod.ContainerState;
import io.postflight.judge.pod.PodState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link HealthTracker#retarget} folds discovery's pods into the tracker (ADR 0029 §5): late pods
 * start their own run, missing ones depart and are kept for evidence, returning ones start afresh,
 * and what was first seen of a pod stays.
 */
class HealthTrackerRetargetTest {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final String A = "prod/shop/web-a";
    private static final String B = "prod/shop/web-b";
    private static final String C = "prod/shop/web-c";

    static PodState ready(String instance) {
        return new PodState(instance, "Running", true, List.of(new ContainerState("app", 0, null, null, null)),
                Map.of(), null);
    }

    static PodState starting(String instance) {
        return new PodState(instance, "Pending", false, List.of(new ContainerState("app", 0, null, null, null)),
                Map.of(), null);
    }

    private static ProbeObservation up(String i) {
        return new ProbeObservation(i, true, true, true, "ok", 3);
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void aTrackerBuiltTheOldWayHasNoPodsAndEveryInstanceActiveSinceTheStart() {
        HealthTracker t = HealthTracker.start(T0, List.of("a", "b"));
        assertThat(t.discovered()).isFalse();
        assertThat(t.pods()).isEmpty();
        assertThat(t.departedNotReady()).isZero();
        assertThat(t.active()).extracting(InstanceHealth::instance).containsExactly("a", "b");
        assertThat(t.departed()).isEmpty();
        assertThat(t.instances().get("a").appearedAt()).isNull();
        assertThat(new HealthTracker(T0, 0, null, null, null, null)).isEqualTo(new HealthTracker(T0, 0, Map.of()));
    }

    @Test
    void podsAppearFreshWithWhenTheyAppearedAndALatePodRestartsNobodyElsesRun() {
        HealthTracker t = HealthTracker.start(T0, List.of()).retarget(List.of(ready(A)), at(0))
                .observe(List.of(up(A))).observe(List.of(up(A)));
        t = t.retarget(List.of(ready(A), ready(B)), at(20));

        assertThat(t.discovered()).isTrue();
        assertThat(t.retargetedAt()).isEqualTo(at(20));
        assertThat(t.rounds()).isEqualTo(2);
        assertThat(t.instances().get(A).consecutiveHealthy()).isEqualTo(2);
        assertThat(t.instances().get(A).appearedAt()).isEqualTo(at(0));
        assertThat(t.instances().get(B)).isEqualTo(InstanceHealth.fresh(B, at(20)));
        assertThat(t.active()).extracting(InstanceHealth::instance).containsExactly(A, B);
        assertThat(t.pods()).containsOnlyKeys(A, B);
    }

    @Test
    void aMissingPodDepartsKeepsItsTallyAndPodForEvidenceAndIsNoLongerObserved() {
        HealthTracker t = HealthTracker.start(T0, List.of()).retarget(List.of(ready(A), ready(B)), at(0))
                .observe(List.of(up(A), up(B)));
        t = t.retarget(List.of(ready(A)), at(10)).observe(List.of(up(A), up(B)));

        InstanceHealth b = t.instances().get(B);
        assertThat(b.active()).isFalse();
        assertThat(b.departedAt()).isEqualTo(at(10));
        assertThat(b.rounds()).as("observations of a departed instance are ignored").isEqualTo(1);
        assertThat(t.instances().get(A).rounds()).isEqualTo(2);
        assertThat(t.departed()).extracting(InstanceHealth::instance).containsExactly(B);
        assertThat(t.pods().get(B).ready()).isTrue();
        assertThat(t.departedNotReady()).as("it was Ready when it left").isZero();

        HealthTracker later = t.retarget(List.of(ready(A)), at(20));
        assertThat(later.instances().get(B).departedAt()).as("departed once, at its first absence").isEqualTo(at(10));
        assertThat(later.departedNotReady()).isZero();
    }

    static PodState failing(String instance) {
        return new PodState(instance, "Running", false, List.of(new ContainerState("app", 1, null, null, "Error")),
                Map.of(), null);
    }

    @Test
    void podsLeavingWhileStillBeingCreatedAreNoReplacementOfAFailingVersion() {
        PodState creating = new PodState(C, "Pending", false,
                List.of(new ContainerState("app", 0, "ContainerCreating", null, null)), Map.of(), null);
        HealthTracker t = HealthTracker.start(T0, List.of()).retarget(List.of(starting(A), creating, ready(B)), at(0))
                .retarget(List.of(ready(B)), at(10));
        assertThat(t.departedNotReady()).as("a rollout restarted mid-phase deletes pods still starting").isZero();
        assertThat(HealthTracker.showedFailure(starting(A))).isFalse();
        assertThat(HealthTracker.showedFailure(creating)).isFalse();
        assertThat(HealthTracker.showedFailure(failing(A))).isTrue();
        assertThat(HealthTracker.showedFailure(new PodState(A, "Failed", false, List.of(), Map.of(), null))).isTrue();
        assertThat(HealthTracker.showedFailure(new PodState(A, "Pending", false,
                List.of(new ContainerState("app", 0, "ErrImagePull", null, null)), Map.of(), null))).isTrue();
        assertThat(HealthTracker.showedFailure(new PodState(A, "Running", false,
                List.of(new ContainerState("app", 1, null, null, null)), Map.of(), null))).isTrue();
        assertThat(HealthTracker.showedFailure(new PodState(A, "Running", false,
                List.of(new ContainerState("app", 0, null, null, "OOMKilled")), Map.of(), null))).isTrue();
    }

    @Test
    void podsLeavingBeforeTheyWereReadyAreCountedOnceEach() {
        HealthTracker t = HealthTracker.start(T0, List.of("event-target")).retarget(List.of(failing(A), ready(B)), at(0));
        assertThat(t.instances().get("event-target").active()).as("not among the pods").isFalse();
        assertThat(t.departedNotReady()).as("an instance that never was a pod is no pod replaced").isZero();
        assertThat(t.pods()).containsOnlyKeys(A, B);

        t = t.retarget(List.of(ready(B)), at(10));
        assertThat(t.departedNotReady()).isEqualTo(1);
        t = t.retarget(List.of(ready(B)), at(20)).retarget(List.of(), at(30));
        assertThat(t.departedNotReady()).as("B was Ready, A counted already").isEqualTo(1);
        assertThat(t.active()).isEmpty();
    }

    @Test
    void aPodThatComesBackIsActiveAgainWithAFreshRunAndAFreshBaseline() {
        PodState restarted = new PodState(A, "Running", true, List.of(new ContainerState("app", 4, null, null, null)),
                Map.of(), null);
        HealthTracker t = HealthTracker.start(T0, List.of()).retarget(List.of(ready(A)), at(0))
                .observe(List.of(up(A)));
        t = t.retarget(List.of(), at(10)).retarget(List.of(restarted), at(20));

        assertThat(t.instances().get(A)).isEqualTo(InstanceHealth.fresh(A, at(20)));
        assertThat(t.pods().get(A).firstSeenRestarts()).containsExactly(Map.entry("app", 4));
    }

    @Test
    void anInstanceKnownSinceTheStartThatDiscoveryShowsStaysWithItsRun() {
        HealthTracker t = HealthTracker.start(T0, List.of(A)).observe(List.of(up(A)));
        PodState restarted = new PodState(A, "Running", true, List.of(new ContainerState("app", 2, null, null, null)),
                Map.of(), null);
        t = t.retarget(List.of(restarted), at(10));
        assertThat(t.instances().get(A).appearedAt()).isNull();
        assertThat(t.instances().get(A).consecutiveHealthy()).isEqualTo(1);
        assertThat(t.pods().get(A).firstSeenRestarts()).containsExactly(Map.entry("app", 2));
    }

    @Test
    void theCapDropsTheEarliestDepartureWhateverTheTargetOrder() {
        HealthTracker t = HealthTracker.start(T0, List.of()).retarget(List.of(ready(A), ready(B), ready(C)), at(0))
                .retarget(List.of(ready(A), ready(B)), at(10)).retarget(List.of(ready(B)), at(20), 1);
        assertThat(t.departed()).extracting(InstanceHealth::instance).containsExactly(A);
    }

    @Test
    void atMostTheCapOfDepartedInstancesAreKeptTheOldestDroppedFirst() {
        HealthTracker t = HealthTracker.start(T0, List.of()).retarget(List.of(ready(A), ready(B), ready(C)), at(0));
        t = t.retarget(List.of(ready(B), ready(C)), at(10), 2);
        HealthTracker two = t.retarget(List.of(ready(C)), at(20), 2);
        assertThat(two.departed()).extracting(InstanceHealth::instance).containsExactly(A, B);

        HealthTracker capped = two.retarget(List.of(), at(30), 2);
        assertThat(capped.departed()).extracting(InstanceHealth::instance).containsExactly(B, C);
        assertThat(capped.pods()).containsOnlyKeys(B, C);
        assertThat(two.retarget(List.of(), at(30), 0).instances()).isEmpty();
        assertThat(two.retarget(List.of(), at(30)).departed()).hasSize(3);
        assertThatThrownBy(() -> two.retarget(List.of(), at(30), -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDeparted");
    }

    @Test
    void firstSeenRestartsAreTheBaselineFromFirstSightAndStay() {
        PodState seen = new PodState(A, "Running", true, List.of(new ContainerState("app", 3, null, null, null)),
                Map.of(), null);
        PodState given = new PodState(B, "Running", true, List.of(new ContainerState("app", 3, null, null, null)),
                Map.of("app", 1), null);
        HealthTracker t = HealthTracker.start(T0, List.of()).retarget(List.of(seen, given), at(0));
        assertThat(t.pods().get(A).firstSeenRestarts()).containsExactly(Map.entry("app", 3));
        assertThat(t.pods().get(B).firstSeenRestarts()).as("a baseline the caller knows wins")
                .containsExactly(Map.entry("app", 1));

        PodState again = new PodState(A, "Running", false, List.of(new ContainerState("app", 5, null, null, "Error"),
                new ContainerState("sidecar", 1, null, null, null)), Map.of(), null);
        PodState newest = t.retarget(List.of(again), at(10)).pods().get(A);
        assertThat(newest.firstSeenRestarts()).containsExactly(Map.entry("app", 3));
        assertThat(newest.ready()).isFalse();
        assertThat(newest.containers()).extracting(ContainerState::restarts).containsExactly(5, 1);
        assertThat(newest.restartsInPhase(newest.containers().get(0))).isEqualTo(2);
        assertThat(newest.restartsInPhase(newest.containers().get(1))).as("a container seen later counts all").isEqualTo(1);
    }

    @Test
    void aWaitForTheSameReasonKeepsItsStartAndANewReasonStartsWhenSeen() {
        PodState pulling = new PodState(A, "Pending", false,
                List.of(new ContainerState("app", 0, "ErrImagePull", null, null)), Map.of(), null);
        HealthTracker t = HealthTracker.start(T0, List.of()).retarget(List.of(pulling), at(0));
        assertThat(t.pods().get(A).containers().get(0).waitingSince()).as("no time given: first seen").isEqualTo(at(0));

        PodState stillPulling = new PodState(A, "Pending", false,
                List.of(new ContainerState("app", 0, "ErrImagePull", at(5), null)), Map.of(), null);
        t = t.retarget(List.of(stillPulling), at(10));
        assertThat(t.pods().get(A).containers().get(0).waitingSince()).as("the earlier start stays").isEqualTo(at(0));

        PodState reported = new PodState(B, "Pending", false,
                List.of(new ContainerState("app", 0, "ErrImagePull", at(-30), null)), Map.of(), null);
        assertThat(t.retarget(List.of(stillPulling, reported), at(10)).pods().get(B).containers().get(0).waitingSince())
                .as("a time the caller knows is kept").isEqualTo(at(-30));
        PodState earlier = new PodState(A, "Pending", false,
                List.of(new ContainerState("app", 0, "ErrImagePull", at(-60), null)), Map.of(), null);
        assertThat(t.retarget(List.of(earlier), at(10)).pods().get(A).containers().get(0).waitingSince())
                .as("the earliest known start wins").isEqualTo(at(-60));

        PodState creating = new PodState(A, "Pending", false,
                List.of(new ContainerState("app", 0, "CreateContainerError", null, null)), Map.of(), null);
        t = t.retarget(List.of(creating), at(20));
        assertThat(t.pods().get(A).containers().get(0).waitingSince()).as("another reason").isEqualTo(at(20));
        t = t.retarget(List.of(ready(A)), at(30));
        assertThat(t.pods().get(A).containers().get(0).waitingSince()).isNull();
    }

    @Test
    void unschedulableKeepsItsEarliestStartAndClearsWhenScheduled() {
        PodState pending = new PodState(A, "Pending", false, List.of(), Map.of(), at(5));
        HealthTracker t = HealthTracker.start(T0, List.of()).retarget(List.of(pending), at(10));
        assertThat(t.pods().get(A).unschedulableSince()).isEqualTo(at(5));
        PodState sameLater = new PodState(A, "Pending", false, List.of(), Map.of(), at(15));
        assertThat(t.retarget(List.of(sameLater), at(20)).pods().get(A).unschedulableSince()).isEqualTo(at(5));
        PodState sooner = new PodState(A, "Pending", false, List.of(), Map.of(), at(1));
        assertThat(t.retarget(List.of(sooner), at(20)).pods().get(A).unschedulableSince()).isEqualTo(at(1));
        PodState scheduled = new PodState(A, "Pending", false, List.of(), Map.of(), null);
        assertThat(t.retarget(List.of(scheduled), at(20)).pods().get(A).unschedulableSince()).isNull();
        HealthTracker sinceNowOnly = HealthTracker.start(T0, List.of()).retarget(List.of(scheduled), at(10));
        assertThat(sinceNowOnly.retarget(List.of(sameLater), at(20)).pods().get(A).unschedulableSince())
                .isEqualTo(at(15));
    }

    @Test
    void aTrackerStoredBeforeDiscoveryReadsAsAllActiveSinceTheStart() throws Exception {
        HealthTracker old = HealthTracker.start(T0, List.of("a", "b")).observe(List.of(up("a")));
        ObjectNode json = (ObjectNode) Json.MAPPER.valueToTree(old);
        json.remove(List.of("pods", "retargetedAt", "departedNotReady"));
        ((ObjectNode) json.get("instances").get("a")).remove(List.of("appearedAt", "departedAt"));

        HealthTracker read = Json.MAPPER.treeToValue(json, HealthTracker.class);
        assertThat(read).isEqualTo(old);
        assertThat(read.discovered()).isFalse();
        assertThat(read.active()).hasSize(2);
        HealthTracker discovered = HealthTracker.start(T0, List.of()).retarget(List.of(starting(A)), at(0))
                .retarget(List.of(), at(10));
        assertThat(Json.MAPPER.treeToValue(Json.MAPPER.valueToTree(discovered), HealthTracker.class))
                .isEqualTo(discovered);
    }
}
