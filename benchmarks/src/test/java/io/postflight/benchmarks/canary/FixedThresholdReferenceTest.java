package io.postflight.benchmarks.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.backtest.BacktestVerdict;
import org.junit.jupiter.api.Test;

class FixedThresholdReferenceTest {

    private final FixedThresholdReference reference = new FixedThresholdReference();
    // 100 requests a step, 1 % errors, p99 in the (10, 100] bucket: its bound, 100 ms.
    private final Scenarios.Step healthy = Scenarios.Step.of(100, 1, 90, 10, 0, 0);

    @Test
    void healthyCandidateIsPromotedAtTheEnd() {
        BacktestVerdict v = reference.replay(Scenarios.canary(i -> healthy, i -> healthy, null));
        assertThat(v.decision()).isEqualTo("promote");
        assertThat(v.decidedAtSeconds()).isEqualTo(1800);
    }

    @Test
    void twoMinutesOverFivePercentErrorsRollBack() {
        // Minutes 3 and 5 (steps 12-15 and 20-23) at 6 % errors, minute 4 fine: two failed checks,
        // not necessarily in a row, roll back at the end of minute 5 (360 s).
        Scenarios.Step bad = Scenarios.Step.of(100, 6, 90, 10, 0, 0);
        BacktestVerdict v = reference.replay(Scenarios.canary(
                i -> (i >= 12 && i < 16) || (i >= 20 && i < 24) ? bad : healthy, i -> healthy, null));
        assertThat(v.decision()).isEqualTo("rollback");
        assertThat(v.decidedAtSeconds()).isEqualTo(360);
    }

    @Test
    void exactlyFivePercentIsNotAFailure() {
        Scenarios.Step edge = Scenarios.Step.of(100, 5, 90, 10, 0, 0);
        assertThat(reference.replay(Scenarios.canary(i -> edge, i -> healthy, null)).decision()).isEqualTo("promote");
    }

    @Test
    void p99AboveTwiceTheBaselinesFails() {
        // 2 % of requests now in (100, 1000]: p99 read as 1000 ms, over 2 x 100 ms.
        Scenarios.Step slow = Scenarios.Step.of(100, 1, 90, 8, 2, 0);
        BacktestVerdict v = reference.replay(Scenarios.canary(i -> slow, i -> healthy, null));
        assertThat(v.decision()).isEqualTo("rollback");
        assertThat(v.decidedAtSeconds()).isEqualTo(120);
    }

    @Test
    void minutesWithoutRequestsAreNotChecks() {
        Scenarios.Step idle = Scenarios.Step.of(0, 0, 0, 0, 0, 0);
        assertThat(reference.replay(Scenarios.canary(i -> idle, i -> healthy, null)).decision()).isEqualTo("promote");
    }
}
