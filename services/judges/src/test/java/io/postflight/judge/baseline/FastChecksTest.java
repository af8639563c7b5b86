package io.postflight.judge.baseline;

import static io.postflight.judge.baseline.TrafficFixture.DEPLOYED_AT;
import static io.postflight.judge.baseline.TrafficFixture.steady;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Evidence;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.metrics.TrafficSeries;
import org.junit.jupiter.api.Test;

/**
 * Finding 1 of issue 9: the hard triggers were computed only at the first statistical look, 5
 * minutes after the deployment. The fast checks run them on 30-second checks from the first minute.
 */
class FastChecksTest {
    private final FastChecks fast = new FastChecks();

    private static TrafficSeries candidate(TrafficFixture.Shape shape) {
        return TrafficFixture.atDeploy(shape, 21);
    }

    @Test
    void tenPercentErrorsFromTheFirstSecondFailAfterTwoThirtySecondChecks() {
        TrafficSeries c = candidate(steady(300, 0.10, 80));
        TrafficSeries previous = TrafficFixture.baseline(steady(300, 0.002, 80), 22);

        assertThat(fast.evaluate(c, previous, null, DEPLOYED_AT + 45).status()).isEqualTo(JudgeStatus.WATCHING);
        JudgeVerdict v = fast.evaluate(c, previous, null, DEPLOYED_AT + 60);
        assertThat(v.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(v.summary()).startsWith("fast check failed on the first 1 min after the deployment vs previous-window");
        Evidence errors = v.evidence().stream().filter(Evidence::breached).findFirst().orElseThrow();
        assertThat(errors.check()).isEqualTo(HardTriggers.ERROR_CHECK);
        assertThat(errors.figures()).containsEntry("firedAtSeconds", 60.0).containsEntry("checks", 2.0);
    }

    @Test
    void aVersionAsBadAsItsControlIsNotRolledBack() {
        TrafficSeries c = candidate(steady(300, 0.08, 80));
        TrafficSeries control = TrafficFixture.atDeploy(steady(300, 0.08, 80), 23);
        TrafficSeries previous = TrafficFixture.baseline(steady(300, 0.002, 80), 22);

        assertThat(fast.evaluate(c, previous, control, DEPLOYED_AT + 300).status()).isEqualTo(JudgeStatus.WATCHING);
    }

    @Test
    void tooFewRequestsPerCheckNeverFire() {
        // 20 requests a 15 s step: 40 a check, under the 100 a fast check needs.
        TrafficSeries c = candidate(steady(20, 0.5, 80));
        TrafficSeries previous = TrafficFixture.baseline(steady(20, 0.0, 80), 22);

        assertThat(fast.evaluate(c, previous, null, DEPLOYED_AT + 300).status()).isEqualTo(JudgeStatus.WATCHING);
    }

    @Test
    void slowRequestsDuringTheWarmUpAreLeftToTheStatisticalJudge() {
        // Five times slower throughout: the p99 guard waits for the 3-minute warm-up (cold starts), then fires.
        TrafficSeries c = candidate(steady(1000, 0.0, 400));
        TrafficSeries previous = TrafficFixture.baseline(steady(1000, 0.0, 80), 22);

        assertThat(fast.evaluate(c, previous, null, DEPLOYED_AT + 180).status()).isEqualTo(JudgeStatus.WATCHING);
        JudgeVerdict v = fast.evaluate(c, previous, null, DEPLOYED_AT + 240);
        assertThat(v.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(v.evidence()).filteredOn(Evidence::breached).extracting(Evidence::check)
                .containsExactly(HardTriggers.LATENCY_CHECK);
    }

    @Test
    void theFastChecksLookOnlyInsideTheJudgesWindow() {
        // A two-minute window ends before the three-minute warm-up: the p99 guard never checks, however
        // slow the candidate is after it.
        FastChecks twoMinutes = new FastChecks(BaselinePolicy.DEFAULT.withWindow(java.time.Duration.ofMinutes(2)),
                FastChecks.DEFAULT_CHECK_LENGTH, FastChecks.DEFAULT_MIN_REQUESTS);
        TrafficSeries c = candidate(steady(1000, 0.0, 400));
        TrafficSeries previous = TrafficFixture.baseline(steady(1000, 0.0, 80), 22);
        JudgeVerdict v = twoMinutes.evaluate(c, previous, null, DEPLOYED_AT + 600);
        assertThat(v.status()).isEqualTo(JudgeStatus.WATCHING);
        assertThat(v.summary()).isEqualTo("fast checks clear over the first 10 min vs previous-window");
    }

    @Test
    void checkLengthAndMinimumRequestsAreValidated() {
        for (java.time.Duration bad : new java.time.Duration[] {null, java.time.Duration.ZERO,
            java.time.Duration.ofSeconds(-30)}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FastChecks(BaselinePolicy.DEFAULT, bad, 100))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fast-check length must be positive");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FastChecks(BaselinePolicy.DEFAULT,
                FastChecks.DEFAULT_CHECK_LENGTH, 0)).hasMessageContaining("at least 1: 0");
        assertThat(new FastChecks(BaselinePolicy.DEFAULT, java.time.Duration.ofSeconds(1), 1)
                .evaluate(candidate(steady(300, 0.0, 80)), TrafficFixture.baseline(steady(300, 0.0, 80), 22), null,
                        DEPLOYED_AT + 60).status()).isEqualTo(JudgeStatus.WATCHING);
    }
}
