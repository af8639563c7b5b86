package io.postflight.judge.baseline;

import static io.postflight.judge.baseline.TrafficFixture.DEPLOYED_AT;
import static io.postflight.judge.baseline.TrafficFixture.STEP;
import static io.postflight.judge.baseline.TrafficFixture.STEPS;
import static io.postflight.judge.baseline.TrafficFixture.atDeploy;
import static io.postflight.judge.baseline.TrafficFixture.baseline;
import static io.postflight.judge.baseline.TrafficFixture.steady;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.metrics.TrafficSeries;
import org.junit.jupiter.api.Test;

/**
 * Without a control, identical code whose latency rises with load (a saturating service during a
 * traffic ramp) is not rolled back for it: the judge compares steps only at similar load, and a
 * window whose load left the previous window's range is INCONCLUSIVE, saying so. A regression at
 * the same load is still caught.
 */
class LoadWithoutControlTest {
    private final BaselineJudge judge = new BaselineJudge();

    /** Load ramps from 300 to 450 requests a step; the median latency grows with its square root. */
    private static TrafficFixture.Shape rampOnIdenticalCode() {
        return i -> {
            long load = 300 + 150L * i / STEPS;
            return new TrafficFixture.Step(load, 0.005, 80 * Math.sqrt(load / 300.0));
        };
    }

    @Test
    void aRampOnIdenticalCodeIsNeverRolledBack() {
        for (int run = 0; run < 12; run++) {
            TrafficSeries previous = baseline(steady(300, 0.005, 80), 31L * run + 1);
            TrafficSeries candidate = atDeploy(rampOnIdenticalCode(), 31L * run + 2);
            JudgeVerdict last = null;
            for (int step = 24; step <= STEPS; step += 8) {
                last = judge.evaluate(candidate, previous, null, DEPLOYED_AT + (long) step * STEP);
                assertThat(last.status()).as("run %d at step %d: %s", run, step, last.summary())
                        .isNotEqualTo(JudgeStatus.FAILED);
            }
            assertThat(last.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
            assertThat(last.summary()).contains("load differs from the previous window's");
        }
    }

    @Test
    void aLatencyRegressionAtTheSameLoadIsStillCaught() {
        TrafficSeries previous = baseline(steady(300, 0.005, 80), 5);
        TrafficSeries candidate = atDeploy(steady(300, 0.005, 130), 6);
        assertThat(judge.evaluate(candidate, previous, null, DEPLOYED_AT + (long) STEPS * STEP).status())
                .isEqualTo(JudgeStatus.FAILED);
    }

    @Test
    void stepsAreSimilarWithinEightPercentAndTheirNoise() {
        assertThat(AlignedTraffic.similarLoad(300, 340)).isTrue();
        assertThat(AlignedTraffic.similarLoad(300, 450)).isFalse();
        // 10 000 against 11 500 requests: 13 % apart, far beyond the counts' noise (2σ ≈ 293).
        assertThat(AlignedTraffic.similarLoad(10_000, 10_900)).isTrue();
        assertThat(AlignedTraffic.similarLoad(10_000, 11_500)).isFalse();
        assertThat(AlignedTraffic.similarLoad(3, 9)).as("quiet steps differ by noise").isTrue();
    }
}
