package io.postflight.judge.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.judge.pod.ContainerState;
import io.postflight.judge.pod.PodState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Snapshots that cannot be fully trusted (incomplete, stale, or describing the revision before the
 * announced one) must not fail or hold a healthy rollout by what they do not show.
 */
class HealthJudgeDoubtfulSnapshotTest {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final Duration TICK = Duration.ofSeconds(10);
    private static final String A = "prod/shop/web-a";
    private static final String B = "prod/shop/web-b";
    private final HealthJudge judge = new HealthJudge(new HealthPolicy(3, 2, 2, Duration.ofMinutes(5),
            JudgeStatus.FAILED, null, null));

    private static PodState pod(String instance, boolean ready, String waiting) {
        return new PodState(instance, ready ? "Running" : "Pending", ready,
                List.of(new ContainerState("app", 0, waiting, null, null)), Map.of(), null);
    }

    @Test
    void podsMissingFromAnIncompleteSnapshotAreNotDepartedNorCountedAsReplaced() {
        HealthTracker t = HealthTracker.start(T0, List.of()).retarget(List.of(pod(A, false, "ErrImagePull"),
                pod(B, false, "ErrImagePull")), T0);
        for (int blip = 1; blip <= 4; blip++) {
            t = t.retarget(List.of(), T0.plusSeconds(blip), 25, false);
        }
        assertThat(t.active()).extracting(InstanceHealth::instance).containsExactly(A, B);
        assertThat(t.departedNotReady()).isZero();

        HealthTracker complete = t.retarget(List.of(), T0.plusSeconds(5), 25, true);
        assertThat(complete.active()).isEmpty();
        assertThat(complete.departedNotReady()).as("a complete snapshot without them: they left").isEqualTo(2);
    }

    @Test
    void anIncompleteSnapshotStillUpdatesThePodsItShows() {
        HealthTracker t = HealthTracker.start(T0, List.of()).retarget(List.of(pod(A, false, null), pod(B, false, null)), T0)
                .retarget(List.of(pod(A, true, null)), T0.plusSeconds(20), 25, false);
        assertThat(t.pods().get(A).ready()).isTrue();
        assertThat(t.pods().get(B).ready()).isFalse();
    }

    @Test
    void aStaleSnapshotsWaitIsJudgedAsOfWhenItWasSeen() {
        HealthTracker t = HealthTracker.start(T0, List.of()).retarget(List.of(pod(A, false, "ErrImagePull")), T0);
        Discovery stale = new Discovery(true, false, 1, false, null);
        Discovery fresh = Discovery.complete(1);

        // 3 minutes later the wait would be past its 30 s grace, but discovery has been silent since T0.
        assertThat(judge.judge(t, T0.plusSeconds(180), stale, TICK).status()).isEqualTo(JudgeStatus.WATCHING);
        JudgeVerdict seen = judge.judge(t, T0.plusSeconds(180), fresh, TICK);
        assertThat(seen.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(seen.summary()).contains("ErrImagePull");
        // A reason that cannot clear fails even on a stale snapshot: it was seen.
        HealthTracker crash = HealthTracker.start(T0, List.of()).retarget(List.of(pod(A, false, "CrashLoopBackOff")), T0);
        assertThat(judge.judge(crash, T0.plusSeconds(180), stale, TICK).status()).isEqualTo(JudgeStatus.FAILED);
    }

    @Test
    void aProgressDeadlineOnAnIncompleteSnapshotIsNotActedOn() {
        HealthTracker t = HealthTracker.start(T0, List.of()).retarget(List.of(), T0);
        Discovery previousRevisionStuck = new Discovery(false, true, 3, true, "workload runs sha256:aa not the announced sha256:bb");

        assertThat(judge.judge(t, T0.plusSeconds(2), previousRevisionStuck, TICK).status()).isEqualTo(JudgeStatus.WATCHING);
        JudgeVerdict trusted = judge.judge(t, T0.plusSeconds(2), new Discovery(true, true, 3, true, null), TICK);
        assertThat(trusted.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(trusted.summary()).startsWith("the rollout exceeded its progress deadline");
    }
}
