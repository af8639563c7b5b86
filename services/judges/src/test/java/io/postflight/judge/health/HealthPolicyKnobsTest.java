package io.postflight.judge.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postflight.judge.JudgeStatus;
import io.postflight.judge.pod.PodStatusPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The discovery knobs of {@link HealthPolicy} and {@link Discovery}: defaults, edges, refusals. */
class HealthPolicyKnobsTest {
    private static final Duration M = Duration.ofMinutes(1);

    @Test
    void thePolicyAsBeforeDiscoveryHasThePodKnobsAtTheirDefaults() {
        HealthPolicy old = new HealthPolicy(3, 2, 2, M);
        assertThat(old.onNotReady()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(old.latePodGrace()).isEqualTo(Duration.ofMinutes(3));
        assertThat(old.podStatus()).isEqualTo(PodStatusPolicy.DEFAULT);
        assertThat(old).isEqualTo(new HealthPolicy(3, 2, 2, M, null, null, null));
        assertThat(HealthPolicy.defaults().onNotReady()).isEqualTo(HealthPolicy.DEFAULT_ON_NOT_READY);
    }

    @Test
    void onNotReadyIsInconclusiveOrFailedAndTheGraceNotNegative() {
        assertThat(new HealthPolicy(3, 2, 2, M, JudgeStatus.FAILED, Duration.ZERO, null).onNotReady())
                .isEqualTo(JudgeStatus.FAILED);
        assertThatThrownBy(() -> new HealthPolicy(3, 2, 2, M, JudgeStatus.PASSED, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("onNotReady");
        assertThatThrownBy(() -> new HealthPolicy(3, 2, 2, M, JudgeStatus.WATCHING, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HealthPolicy(3, 2, 2, M, null, Duration.ofSeconds(-1), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latePodGrace");
    }

    @Test
    void anExtendedPhaseKeepsEveryOtherKnob() {
        PodStatusPolicy pods = new PodStatusPolicy(5, Duration.ZERO, Duration.ZERO);
        HealthPolicy p = new HealthPolicy(3, 2, 2, M, JudgeStatus.FAILED, Duration.ofSeconds(7), pods);
        assertThat(p.withPhaseDuration(Duration.ofMinutes(4)))
                .isEqualTo(new HealthPolicy(3, 2, 2, Duration.ofMinutes(4), JudgeStatus.FAILED, Duration.ofSeconds(7), pods));
    }

    @Test
    void aSnapshotIsInDoubtWhenIncompleteOrStale() {
        assertThat(Discovery.complete(2).doubt()).isNull();
        assertThat(Discovery.complete(2).desired()).isEqualTo(2);
        assertThat(Discovery.UNKNOWN.doubt()).isEqualTo("discovery incomplete: discovery did not answer");
        assertThat(new Discovery(false, false, 1, false, null).doubt()).isEqualTo("discovery incomplete");
        assertThat(new Discovery(true, false, 1, false, null).doubt())
                .isEqualTo("discovery stale: no snapshot within twice its resync");
    }
}
