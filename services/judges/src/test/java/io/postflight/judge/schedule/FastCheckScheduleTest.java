package io.postflight.judge.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.junit.jupiter.api.Test;

/** Finding 1 of issue 9: nobody looked at error rate or latency before minute 5. */
class FastCheckScheduleTest {
    private static final FastCheckSchedule FAST = FastCheckSchedule.DEFAULT;
    private static final Instant DEPLOYED = Instant.parse("2026-11-22T10:00:07Z");
    private static final long T = DEPLOYED.toEpochMilli();

    @Test
    void fastChecksStartAMinuteAfterTheDeploymentOnFifteenSecondStepsFifteenSecondsOld() {
        assertThat(FAST.firstCheckAt(DEPLOYED)).isEqualTo(T + 60_000);
        assertThat(FAST.candidateStartSeconds(DEPLOYED)).isEqualTo(DEPLOYED.getEpochSecond() + 8);
        // At 60 s after 10:00:07, data is complete up to 10:00:45 (15 s old, on the 15 s grid).
        assertThat(FAST.dataEndSeconds(T + 60_000)).isEqualTo(Instant.parse("2026-11-22T10:00:45Z").getEpochSecond());
        assertThat(FAST.nextCheckAt(T + 60_000, T + 61_000)).isEqualTo(T + 75_000);
    }

    @Test
    void fastChecksStopAtTheirEndAndCanBeSwitchedOff() {
        assertThat(FAST.runsAt(DEPLOYED, T + 300_000)).isTrue();
        assertThat(FAST.runsAt(DEPLOYED, T + 300_001)).isFalse();
        FastCheckSchedule off = new FastCheckSchedule(FAST.start(), FAST.interval(), FAST.step(), FAST.dataDelay(),
                Duration.ZERO);
        assertThat(off.enabled()).isFalse();
        assertThat(off.runsAt(DEPLOYED, T + 60_000)).isFalse();
    }
    @Test
    void fastChecksEndingWhenTheyStartStillRunOnceButEndingBeforeDoNot() {
        FastCheckSchedule once = new FastCheckSchedule(Duration.ofSeconds(60), FAST.interval(), FAST.step(),
                FAST.dataDelay(), Duration.ofSeconds(60));
        assertThat(once.enabled()).isTrue();
        assertThat(once.runsAt(DEPLOYED, T + 60_000)).isTrue();
        FastCheckSchedule never = new FastCheckSchedule(Duration.ofSeconds(60), FAST.interval(), FAST.step(),
                FAST.dataDelay(), Duration.ofSeconds(59));
        assertThat(never.enabled()).isFalse();
        assertThat(never.runsAt(DEPLOYED, T)).isFalse();
    }

    @Test
    void theNextCheckWaitsAnIntervalAfterTheLastOneStarted() {
        assertThat(FAST.nextCheckAt(T, T + 1_000)).isEqualTo(T + 15_000);
        assertThat(FAST.nextCheckAt(T, T + 20_000)).isEqualTo(T + 20_000);
        assertThat(FAST.stepSeconds()).isEqualTo(15);
        // 15 s old at 10:00:21.999 is 10:00:06.999: complete up to 10:00:00; at 10:00:30 up to 10:00:15
        assertThat(FAST.dataEndSeconds(T + 14_999)).isEqualTo(DEPLOYED.getEpochSecond() - 7);
        assertThat(FAST.dataEndSeconds(T + 23_000)).isEqualTo(DEPLOYED.getEpochSecond() + 8);
    }

    @Test
    void negativeOrMissingSettingsAreRejected() {
        Duration s = Duration.ofSeconds(15);
        assertThatThrownBy(() -> new FastCheckSchedule(s.negated(), s, s, s, s)).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> new FastCheckSchedule(s, s, s, s.negated(), s)).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> new FastCheckSchedule(s, s, s, s, s.negated())).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> new FastCheckSchedule(s, Duration.ZERO, s, s, s)).hasMessageContaining("fast-check-interval");
        assertThatThrownBy(() -> new FastCheckSchedule(s, s, Duration.ofMillis(15_500), s, s))
                .hasMessageContaining("fast-check-step");
        assertThatThrownBy(() -> new FastCheckSchedule(null, s, s, s, s)).isInstanceOf(NullPointerException.class);
        assertThat(new FastCheckSchedule(Duration.ZERO, s, s, Duration.ZERO, Duration.ZERO).enabled()).isFalse();
    }
}
