package io.postflight.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BaselineLookScheduleTest {
    private static final BaselineLookSchedule SCHEDULE = new BaselineLookSchedule(Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofSeconds(60), 5, Duration.ofSeconds(1),
            Duration.ofSeconds(30));
    private static final Instant ON_GRID = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void theCandidateStartsAtTheFirstStepBoundaryAtOrAfterTheDeployment() {
        assertThat(SCHEDULE.candidateStartSeconds(ON_GRID)).isEqualTo(ON_GRID.getEpochSecond());
        assertThat(SCHEDULE.candidateStartSeconds(ON_GRID.plusMillis(1))).isEqualTo(ON_GRID.getEpochSecond() + 60);
        assertThat(SCHEDULE.candidateStartSeconds(ON_GRID.plusSeconds(59))).isEqualTo(ON_GRID.getEpochSecond() + 60);
    }

    @Test
    void onlyStepsOlderThanTheDataDelayAreComplete() {
        long t = ON_GRID.toEpochMilli();
        assertThat(SCHEDULE.dataEndSeconds(t + 89_999)).isEqualTo(ON_GRID.getEpochSecond());
        assertThat(SCHEDULE.dataEndSeconds(t + 90_000)).isEqualTo(ON_GRID.getEpochSecond() + 60);
    }

    @Test
    void thePhaseStartsNoEarlierThanItsOffsetAndEndsAfterItsLengthOfCompleteData() {
        long t = ON_GRID.toEpochMilli();
        assertThat(SCHEDULE.firstLookAt(ON_GRID, t + 60_000)).isEqualTo(t + 300_000);
        assertThat(SCHEDULE.firstLookAt(ON_GRID, t + 400_000)).isEqualTo(t + 400_000);
        assertThat(SCHEDULE.deadlineMillis(ON_GRID.plusSeconds(10))).isEqualTo(t + 60_000 + 1_800_000 + 30_000);
    }
}
