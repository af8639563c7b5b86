package io.postflight.judge.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postflight.judge.JudgeStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BaselineScheduleTest {
    private static final BaselineSchedule SCHEDULE = BaselineSchedule.DEFAULT;
    private static final Instant ON_GRID = Instant.parse("2026-11-22T10:00:00Z");
    private static final long T = ON_GRID.toEpochMilli();

    @Test
    void theCandidateStartsAtTheFirstStepBoundaryAtOrAfterTheDeployment() {
        assertThat(SCHEDULE.candidateStartSeconds(ON_GRID)).isEqualTo(ON_GRID.getEpochSecond());
        assertThat(SCHEDULE.candidateStartSeconds(ON_GRID.plusMillis(1))).isEqualTo(ON_GRID.getEpochSecond() + 60);
        assertThat(SCHEDULE.candidateStartSeconds(ON_GRID.plusSeconds(59))).isEqualTo(ON_GRID.getEpochSecond() + 60);
    }

    @Test
    void onlyStepsOlderThanTheDataDelayAreComplete() {
        assertThat(SCHEDULE.dataEndSeconds(T + 89_999)).isEqualTo(ON_GRID.getEpochSecond());
        assertThat(SCHEDULE.dataEndSeconds(T + 90_000)).isEqualTo(ON_GRID.getEpochSecond() + 60);
    }

    @Test
    void thePhaseStartsNoEarlierThanItsOffsetAndEndsAfterItsLengthOfCompleteData() {
        assertThat(SCHEDULE.firstLookAt(ON_GRID, T + 60_000)).isEqualTo(T + 300_000);
        assertThat(SCHEDULE.firstLookAt(ON_GRID, T + 400_000)).isEqualTo(T + 400_000);
        assertThat(SCHEDULE.deadlineMillis(ON_GRID.plusSeconds(10))).isEqualTo(T + 60_000 + 1_800_000 + 30_000);
        assertThat(SCHEDULE.nextLookAt(T, T + 1_000)).isEqualTo(T + 60_000);
        assertThat(SCHEDULE.nextLookAt(T, T + 70_000)).isEqualTo(T + 70_000);
    }

    @Test
    void aPassIsPossibleFromTheFirstLookThatSeesTheWholeWindow() {
        // Looks at 5 min + k min; the 30th minute's data is complete at 30 min 30 s: the look at 31 min.
        assertThat(SCHEDULE.firstFullWindowLookAt(Duration.ofMinutes(30), ON_GRID, T + 170_000))
                .isEqualTo(T + 1_860_000);
    }

    /** Finding 7 of issue 9: an INCONCLUSIVE verdict ended the phase at 30 minutes, with nothing extended. */
    @Test
    void anInconclusiveVerdictKeepsThePhaseLookingUntilTheMaximumExtension() {
        long deadline = SCHEDULE.deadlineMillis(ON_GRID);
        assertThat(SCHEDULE.keepsLooking(JudgeStatus.INCONCLUSIVE, ON_GRID, deadline)).isTrue();
        assertThat(SCHEDULE.keepsLooking(JudgeStatus.INCONCLUSIVE, ON_GRID, deadline + 1_799_999)).isTrue();
        assertThat(SCHEDULE.keepsLooking(JudgeStatus.INCONCLUSIVE, ON_GRID, deadline + 1_800_000)).isFalse();
        assertThat(SCHEDULE.finalDeadlineMillis(ON_GRID)).isEqualTo(deadline + 1_800_000);
        // PASSED and FAILED end the phase at once; WATCHING only until the deadline.
        assertThat(SCHEDULE.keepsLooking(JudgeStatus.PASSED, ON_GRID, deadline)).isFalse();
        assertThat(SCHEDULE.keepsLooking(JudgeStatus.FAILED, ON_GRID, T)).isFalse();
        assertThat(SCHEDULE.keepsLooking(JudgeStatus.WATCHING, ON_GRID, deadline - 1)).isTrue();
        assertThat(SCHEDULE.keepsLooking(JudgeStatus.WATCHING, ON_GRID, deadline)).isFalse();
    }

    @Test
    void anExtendedLookJudgesAllTheDataSoFarUpToTheMaximum() {
        long start = ON_GRID.getEpochSecond();
        Duration window = Duration.ofMinutes(30);
        assertThat(SCHEDULE.judgedWindow(window, ON_GRID, start + 600)).isEqualTo(window);
        assertThat(SCHEDULE.judgedWindow(window, ON_GRID, start + 1800)).isEqualTo(window);
        assertThat(SCHEDULE.judgedWindow(window, ON_GRID, start + 2400)).isEqualTo(Duration.ofMinutes(40));
        assertThat(SCHEDULE.judgedWindow(window, ON_GRID, start + 7200)).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void withoutExtensionTheDeadlineIsFinal() {
        BaselineSchedule strict = new BaselineSchedule(SCHEDULE.phaseStart(), SCHEDULE.phaseEnd(),
                SCHEDULE.lookInterval(), SCHEDULE.dataDelay(), SCHEDULE.step(), Duration.ZERO, SCHEDULE.fastChecks());
        assertThat(strict.keepsLooking(JudgeStatus.INCONCLUSIVE, ON_GRID, strict.deadlineMillis(ON_GRID))).isFalse();
    }

    @Test
    void nonsensicalTimesAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> new BaselineSchedule(Duration.ZERO, Duration.ofMinutes(30), Duration.ofMinutes(1),
                Duration.ZERO, Duration.ofMillis(1500), Duration.ZERO, FastCheckSchedule.DEFAULT))
                .hasMessageContaining("step must be a whole number of seconds");
        assertThatThrownBy(() -> new BaselineSchedule(Duration.ZERO, Duration.ofMinutes(30), Duration.ofMinutes(1),
                Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(-1), FastCheckSchedule.DEFAULT))
                .hasMessageContaining("must not be negative");
    }
    @Test
    void aLookStartedLateIsNotPushedBackToThePhaseStart() {
        assertThat(SCHEDULE.firstLookAt(ON_GRID, T + 300_000)).isEqualTo(T + 300_000);
        assertThat(SCHEDULE.nextLookAt(T, T + 60_000)).isEqualTo(T + 60_000);
        assertThat(SCHEDULE.stepSeconds()).isEqualTo(60);
    }

    @Test
    void aWindowAlreadyCompleteAtTheFirstLookIsJudgedThere() {
        // started an hour after the deployment: the 30-minute window is complete, no look to wait for
        assertThat(SCHEDULE.firstFullWindowLookAt(Duration.ofMinutes(30), ON_GRID, T + 3_600_000)).isEqualTo(T + 3_600_000);
        // complete exactly at a look: that look
        assertThat(SCHEDULE.firstFullWindowLookAt(Duration.ofMinutes(30), ON_GRID, T + 1_830_000)).isEqualTo(T + 1_830_000);
        // a millisecond short of it: the next look, a minute on
        assertThat(SCHEDULE.firstFullWindowLookAt(Duration.ofMinutes(30), ON_GRID, T + 1_829_999)).isEqualTo(T + 1_889_999);
        assertThat(SCHEDULE.firstFullWindowLookAt(Duration.ofMinutes(30), ON_GRID, T + 1_770_000)).isEqualTo(T + 1_830_000);
    }

    @Test
    void aWindowShorterThanItsNominalLengthIsNeverJudged() {
        long start = ON_GRID.getEpochSecond();
        assertThat(SCHEDULE.judgedWindow(Duration.ofMinutes(30), ON_GRID, start)).isEqualTo(Duration.ofMinutes(30));
        assertThat(SCHEDULE.judgedWindow(Duration.ofMinutes(30), ON_GRID, start + 3599)).isEqualTo(Duration.ofSeconds(3599));
        assertThat(SCHEDULE.judgedWindow(Duration.ofMinutes(30), ON_GRID, start + 3601)).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void theDeadlineCountsFromTheFirstFullStepAndAddsTheDataDelay() {
        assertThat(SCHEDULE.deadlineMillis(ON_GRID)).isEqualTo(T + 1_800_000 + 30_000);
        assertThat(SCHEDULE.finalDeadlineMillis(ON_GRID.plusSeconds(1))).isEqualTo(T + 60_000 + 1_800_000 + 30_000 + 1_800_000);
        assertThat(SCHEDULE.keepsLooking(JudgeStatus.PASSED, ON_GRID, T)).isFalse();
        assertThat(SCHEDULE.keepsLooking(JudgeStatus.INCONCLUSIVE, ON_GRID, T)).isTrue();
    }

    @Test
    void negativeOrMissingTimesAreRejected() {
        Duration m = Duration.ofMinutes(1);
        FastCheckSchedule f = FastCheckSchedule.DEFAULT;
        assertThatThrownBy(() -> new BaselineSchedule(m.negated(), m, m, m, m, m, f)).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> new BaselineSchedule(m, m, m, m.negated(), m, m, f)).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> new BaselineSchedule(m, Duration.ZERO, m, m, m, m, f)).hasMessageContaining("phase-end");
        assertThatThrownBy(() -> new BaselineSchedule(m, m, Duration.ZERO, m, m, m, f)).hasMessageContaining("look-interval");
        assertThatThrownBy(() -> new BaselineSchedule(m, m, m, m, m, m, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new BaselineSchedule(null, m, m, m, m, m, f)).isInstanceOf(NullPointerException.class);
        assertThat(new BaselineSchedule(Duration.ZERO, m, m, Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO, f)
                .stepSeconds()).isEqualTo(1);
    }
}
