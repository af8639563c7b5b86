package io.postflight.judge.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
}
