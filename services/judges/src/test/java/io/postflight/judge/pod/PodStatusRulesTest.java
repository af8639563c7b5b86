package io.postflight.judge.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each pod-status rule at its edge, with the sentence it writes: the pod, the container and the
 * reason, as on-call reads them in a rollback.
 */
class PodStatusRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final PodStatusPolicy P = PodStatusPolicy.DEFAULT;
    private static final String POD = "prod-eu/checkout/checkout-7d9f-abcde";

    private static PodState pod(String phase, Map<String, Integer> firstSeen, Instant unschedulableSince,
                                ContainerState... containers) {
        return new PodState(POD, phase, false, List.of(containers), firstSeen, unschedulableSince);
    }

    private static ContainerState waiting(String reason, Duration since) {
        return new ContainerState("app", 0, reason, NOW.minus(since), null);
    }

    private static ContainerState restarted(int restarts, String lastTerminated) {
        return new ContainerState("app", restarts, null, null, lastTerminated);
    }

    @Test
    void aHealthyPodOrOneStillStartingDoesNotFail() {
        assertThat(PodStatusRules.failure(pod("Running", Map.of(), null, restarted(0, null)), NOW, P)).isNull();
        assertThat(PodStatusRules.failure(pod("Pending", Map.of(), null, waiting("ContainerCreating", Duration.ofMinutes(3))),
                NOW, P)).isNull();
    }

    @Test
    void reasonsThatDoNotClearFailAtOnce() {
        for (String reason : List.of("CrashLoopBackOff", "ImagePullBackOff", "InvalidImageName",
                "CreateContainerConfigError")) {
            assertThat(PodStatusRules.failure(pod("Running", Map.of(), null, waiting(reason, Duration.ZERO)), NOW, P))
                    .isEqualTo("pod " + POD + " container app: " + reason);
        }
    }

    @Test
    void reasonsThatMayClearFailOnceTheirGraceIsOver() {
        assertThat(PodStatusRules.failure(pod("Pending", Map.of(), null, waiting("ErrImagePull", Duration.ofSeconds(29))),
                NOW, P)).isNull();
        assertThat(PodStatusRules.failure(pod("Pending", Map.of(), null, waiting("ErrImagePull", Duration.ofSeconds(30))),
                NOW, P)).isEqualTo("pod " + POD + " container app: ErrImagePull for 30 s");
        assertThat(PodStatusRules.failure(pod("Pending", Map.of(), null,
                waiting("CreateContainerError", Duration.ofSeconds(75))), NOW, P))
                .endsWith("container app: CreateContainerError for 1 min 15 s");
        // seen without a time: no grace can be measured yet
        assertThat(PodStatusRules.failure(pod("Pending", Map.of(), null,
                new ContainerState("app", 0, "ErrImagePull", null, null)), NOW, P)).isNull();
    }

    @Test
    void restartsCountFromWhenThePodWasFirstSeen() {
        assertThat(PodStatusRules.failure(pod("Running", Map.of("app", 5), null, restarted(6, "Error")), NOW, P))
                .as("one restart in the phase").isNull();
        assertThat(PodStatusRules.failure(pod("Running", Map.of("app", 5), null, restarted(7, "Error")), NOW, P))
                .isEqualTo("pod " + POD + " container app: restarted 2 times in the phase (2 fail it), last ended Error");
        assertThat(PodStatusRules.failure(pod("Running", Map.of(), null, restarted(2, null)), NOW, P))
                .as("a container first seen later counts all its restarts")
                .isEqualTo("pod " + POD + " container app: restarted 2 times in the phase (2 fail it)");
        assertThat(new PodState(POD, "Running", true, List.of(), Map.of("app", 9), null)
                .restartsInPhase(restarted(3, null))).as("a count that went back (pod replaced) is no restart").isZero();
    }

    @Test
    void anOutOfMemoryKillInThePhaseFailsAtOnce() {
        assertThat(PodStatusRules.failure(pod("Running", Map.of("app", 0), null, restarted(1, "OOMKilled")), NOW, P))
                .isEqualTo("pod " + POD + " container app: OOMKilled (once in the phase)");
        assertThat(PodStatusRules.failure(pod("Running", Map.of("app", 1), null, restarted(1, "OOMKilled")), NOW, P))
                .as("killed before the phase, not since").isNull();
    }

    @Test
    void aFailedPodFailsAndAnUnschedulableOneAfterItsGrace() {
        assertThat(PodStatusRules.failure(pod("Failed", Map.of(), null), NOW, P)).isEqualTo("pod " + POD + ": Failed");
        assertThat(PodStatusRules.failure(pod("Pending", Map.of(), NOW.minus(Duration.ofMinutes(2))), NOW, P))
                .as("exactly the grace: an autoscaler may still add a node").isNull();
        assertThat(PodStatusRules.failure(pod("Pending", Map.of(), NOW.minus(Duration.ofSeconds(121))), NOW, P))
                .isEqualTo("pod " + POD + ": unschedulable for 2 min 1 s");
    }

    @Test
    void aReasonThatCannotClearIsNamedBeforeRestarts() {
        ContainerState crashing = new ContainerState("app", 4, "CrashLoopBackOff", NOW, "Error");
        assertThat(PodStatusRules.failure(pod("Running", Map.of(), null, crashing), NOW, P))
                .isEqualTo("pod " + POD + " container app: CrashLoopBackOff");
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new PodStatusPolicy(0, Duration.ZERO, Duration.ZERO)).hasMessageContaining("maxRestarts");
        assertThatThrownBy(() -> new PodStatusPolicy(2, Duration.ofSeconds(-1), Duration.ZERO))
                .hasMessageContaining("graces");
        assertThatThrownBy(() -> new PodStatusPolicy(2, Duration.ZERO, Duration.ofSeconds(-1)))
                .hasMessageContaining("graces");
        assertThat(new PodStatusPolicy(1, Duration.ZERO, Duration.ZERO).maxRestarts()).as("the edges are allowed")
                .isEqualTo(1);
        assertThatThrownBy(() -> new ContainerState("app", -1, null, null, null)).hasMessageContaining("restarts");
        assertThat(new PodState(POD, null, false, List.of(), Map.of(), null).phase()).isEqualTo("Unknown");
    }
}
