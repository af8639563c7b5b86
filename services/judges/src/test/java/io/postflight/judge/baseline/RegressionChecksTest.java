package io.postflight.judge.baseline;

import static io.postflight.judge.baseline.TrafficFixture.BOUNDS;
import static io.postflight.judge.baseline.TrafficFixture.DEPLOYED_AT;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.metrics.TrafficSeries;
import org.junit.jupiter.api.Test;

/**
 * The error-rate check on exact counts (no sampling): the tolerance rule at its edges, and the three
 * conclusions short of a regression: "not shown higher", "higher, but within the tolerance", and
 * "possibly higher beyond the tolerance, not shown yet", the last of which keeps a window from
 * passing (INCONCLUSIVE "possible regression not established").
 */
class RegressionChecksTest {

    private static final int STEP = 60;
    private static final int STEPS = 30;
    private static final BaselinePolicy POLICY = BaselinePolicy.DEFAULT;
    private static final RegressionChecks.Tests TESTS = RegressionChecks.Tests.of(POLICY.errorRatioTolerance());

    /** {@code STEPS} one-minute steps of {@code requests} each, {@code errors} of them failed. */
    private static TrafficSeries exact(long start, long requests, long errors) {
        long[] n = new long[STEPS];
        long[] x = new long[STEPS];
        long[][] rows = new long[STEPS][BOUNDS.length + 1];
        for (int i = 0; i < STEPS; i++) {
            n[i] = requests;
            x[i] = errors;
            rows[i][3] = requests; // every request between 25 and 50 ms: latency never differs
        }
        return new TrafficSeries(start, STEP, n, x, BOUNDS, rows, null);
    }

    private static AlignedTraffic aligned(long candidateErrorsPerStep, long comparisonErrorsPerStep, long requests) {
        TrafficSeries candidate = exact(DEPLOYED_AT, requests, candidateErrorsPerStep);
        TrafficSeries previous = exact(DEPLOYED_AT - (long) STEPS * STEP, requests, comparisonErrorsPerStep);
        return AlignedTraffic.of(candidate, previous, null, DEPLOYED_AT + (long) STEPS * STEP, STEPS);
    }

    private static Finding errors(long candidate, long comparison, long requests) {
        return RegressionChecks.errorRate(aligned(candidate, comparison, requests), POLICY, TESTS, 0);
    }

    private static OddsRatioEProcess.Counts counts(long x, long n, long y, long m) {
        OddsRatioEProcess.Counts c = new OddsRatioEProcess.Counts();
        c.add(x, n, y, m);
        return c;
    }

    @Test
    void aRiseIsBeyondTheTolerancesOnlyWhenBothTheRatioAndTheExcessAreReached() {
        // 48 against 32 errors in 1 024: exactly 1.5× and exactly +1.5625 points (binary fractions,
        // so the edge is exact in floating point).
        assertThat(RegressionChecks.practical(counts(48, 1024, 32, 1024), 1.5, 0.015625)).isTrue();
        // one error fewer: under both
        assertThat(RegressionChecks.practical(counts(47, 1024, 32, 1024), 1.5, 0.015625)).isFalse();
        // the ratio reached, the excess one request short
        assertThat(RegressionChecks.practical(counts(48, 1024, 32, 1024), 1.5, 0.015625 + 1.0 / 1024)).isFalse();
        // the excess reached, the ratio just short
        assertThat(RegressionChecks.practical(counts(48, 1024, 32, 1024), 1.5 + 1.0 / 64, 0.015625)).isFalse();
        // the ratio reached (2×) but not the excess (+0.1 point against +0.2)
        assertThat(RegressionChecks.practical(counts(2, 1000, 1, 1000), 1.5, 0.002)).isFalse();
        // the excess reached (+5 points) but not the ratio (1.1× against 1.5×)
        assertThat(RegressionChecks.practical(counts(550, 1000, 500, 1000), 1.5, 0.01)).isFalse();
        // no error on the candidate is never a rise, even against a tolerance of zero
        assertThat(RegressionChecks.practical(counts(0, 1000, 0, 1000), 1.0, 0.0)).isFalse();
    }

    @Test
    void noRiseIsNotShownHigher() {
        Finding f = errors(2, 2, 200);
        assertThat(f.established()).isFalse();
        assertThat(f.suspected()).isFalse();
        assertThat(f.evidence().breached()).isFalse();
        assertThat(f.evidence().summary()).contains(": not shown higher (tolerance 1.50× and +0.10 points)");
        assertThat(f.evidence().figures()).containsEntry("candidateErrors", 60.0).containsEntry("comparisonErrors", 60.0)
                .containsEntry("candidateRequests", 6000.0).containsEntry("threshold", 200.0);
    }

    @Test
    void aRiseInsideTheExcessToleranceShownBeyondChanceIsNotARegression() {
        // About 4× on 10 million requests a side (0.020 % against 0.005 %): beyond the ratio's
        // tolerance beyond chance, but +0.015 points, inside the +0.10 points of excess.
        Finding f = errors(67, 17, 333_333);
        assertThat(f.established()).isFalse();
        assertThat(f.suspected()).isFalse();
        assertThat(f.evidence().summary()).contains(": higher, but within the tolerance");
    }

    @Test
    void aRiseBeyondTheToleranceShownBeyondChanceIsEstablished() {
        Finding f = errors(60, 20, 2000);
        assertThat(f.established()).isTrue();
        assertThat(f.evidence().breached()).isTrue();
        assertThat(f.evidence().summary()).contains(": higher beyond the tolerance, shown beyond chance");
    }

    @Test
    void aRiseBeyondTheToleranceNotYetShownIsSuspectedAndKeepsTheWindowFromPassing() {
        // 2× on 9 000 requests a side: 180 against 90 errors. The point estimate is beyond both
        // tolerances and the evidence of *a* rise is past the square root of the threshold, while
        // the test against the tolerance itself has not reached its threshold.
        Finding f = errors(6, 3, 300);
        assertThat(f.established()).as("established").isFalse();
        assertThat(f.suspected()).as("suspected").isTrue();
        assertThat(f.evidence().summary()).contains(": possibly higher beyond the tolerance, not shown yet");

        TrafficSeries candidate = exact(DEPLOYED_AT, 300, 6);
        TrafficSeries previous = exact(DEPLOYED_AT - (long) STEPS * STEP, 300, 3);
        JudgeVerdict v = new BaselineJudge().evaluate(candidate, previous, null, DEPLOYED_AT + (long) STEPS * STEP);
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).startsWith("possible regression not established (error-rate: error rate ")
                .endsWith("; extend the window");
    }
}
