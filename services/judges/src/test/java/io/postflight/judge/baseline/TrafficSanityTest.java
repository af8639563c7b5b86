package io.postflight.judge.baseline;

import static io.postflight.judge.baseline.TrafficFixture.atDeploy;
import static io.postflight.judge.baseline.TrafficFixture.baseline;
import static io.postflight.judge.baseline.TrafficFixture.steady;
import static io.postflight.judge.baseline.TrafficFixture.windowEnd;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.metrics.TrafficSeries;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Data the judges must not read as traffic: histogram rows that do not fit their layout, layouts or
 * steps that differ between the sides, counts that went backwards. Each is INCONCLUSIVE with its
 * reason (never a pad, a cut or an exception), and the fast checks step aside.
 */
class TrafficSanityTest {
    private final BaselineJudge judge = new BaselineJudge();
    private final TrafficSeries base = baseline(steady(300, 0.005, 80), 1);
    private final TrafficSeries healthy = atDeploy(steady(300, 0.005, 80), 2);

    /** {@code s} with each present row one bucket longer: the layout shifted by one bound. */
    private static TrafficSeries rowsShifted(TrafficSeries s) {
        long[][] rows = new long[s.steps()][];
        for (int i = 0; i < s.steps(); i++) {
            long[] row = new long[s.latencyBuckets()[i].length + 1];
            System.arraycopy(s.latencyBuckets()[i], 0, row, 1, s.latencyBuckets()[i].length);
            rows[i] = row;
        }
        return new TrafficSeries(s.startEpochSeconds(), s.stepSeconds(), s.requests(), s.errors(),
                s.bucketBoundsMs(), rows, s.present());
    }

    @Test
    void theSameLatenciesInRowsOfAnotherLayoutAreInconclusiveNotARollback() {
        JudgeVerdict v = judge.evaluate(rowsShifted(healthy), base, null, windowEnd());
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).startsWith("data unusable: the candidate's latency histogram has")
                .contains("buckets at step 0 (0 s after its start), its layout");
        assertThat(judge.evaluate(healthy, base, null, windowEnd()).status()).isEqualTo(JudgeStatus.PASSED);
    }

    @Test
    void bucketBoundsThatDifferBetweenTheSidesAreInconclusive() {
        double[] other = Arrays.copyOf(healthy.bucketBoundsMs(), healthy.bucketBoundsMs().length);
        other[0] = other[0] / 2;
        TrafficSeries relaid = new TrafficSeries(base.startEpochSeconds(), base.stepSeconds(), base.requests(),
                base.errors(), other, base.latencyBuckets(), base.present());
        JudgeVerdict v = judge.evaluate(healthy, relaid, null, windowEnd());
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).isEqualTo("data unusable: the latency histograms have different bucket bounds"
                + " (candidate 11 bounds, 5–10000 ms, comparison 11 bounds, 2.5–10000 ms): their shares above a"
                + " bound are not comparable");
        TrafficSeries noBounds = new TrafficSeries(base.startEpochSeconds(), base.stepSeconds(), base.requests(),
                base.errors(), new double[0], new long[base.steps()][], base.present());
        assertThat(TrafficSanity.problem(healthy, noBounds)).contains("comparison no finite bounds");
    }

    @Test
    void aCountThatWentBackwardsIsInconclusive() {
        long[] requests = healthy.requests().clone();
        requests[7] = -40;
        TrafficSeries reset = new TrafficSeries(healthy.startEpochSeconds(), healthy.stepSeconds(), requests,
                healthy.errors(), healthy.bucketBoundsMs(), healthy.latencyBuckets(), healthy.present());
        JudgeVerdict v = judge.evaluate(reset, base, null, windowEnd());
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).isEqualTo("data unusable: the candidate's request counts went backwards at step 7"
                + " (1 min 45 s after its start): a counter reset the metrics source did not repair");
    }

    /** {@code s} with step {@code i}'s errors, or one latency bucket, replaced. */
    private static TrafficSeries withStep(TrafficSeries s, int i, long errors, long[] row, boolean present) {
        long[] e = s.errors().clone();
        e[i] = errors;
        long[][] rows = s.latencyBuckets().clone();
        rows[i] = row;
        boolean[] p = s.present().clone();
        p[i] = present;
        return new TrafficSeries(s.startEpochSeconds(), s.stepSeconds(), s.requests(), e, s.bucketBoundsMs(), rows, p);
    }

    @Test
    void negativeErrorsOrBucketsOfAPresentStepAreAProblemOfThatSide() {
        assertThat(TrafficSanity.problem(healthy, withStep(base, 2, -1, base.latencyBuckets()[2], true)))
                .startsWith("the comparison's request counts went backwards at step 2 (30 s after its start)");
        long[] negative = base.latencyBuckets()[3].clone();
        negative[5] = -2;
        assertThat(TrafficSanity.problem(withStep(healthy, 3, 0, negative, true), base))
                .isEqualTo("the candidate's latency buckets went backwards at step 3 (45 s after its start): a counter"
                        + " reset the metrics source did not repair");
    }

    @Test
    void whatIsNotReadCannotBeAProblem() {
        // A missing step's counts, a step without a histogram, a step without traffic, no comparison at
        // all or one without steps: none is unusable data.
        long[] negative = base.latencyBuckets()[3].clone();
        negative[5] = -2;
        assertThat(TrafficSanity.problem(withStep(healthy, 3, -5, negative, false), base)).isNull();
        assertThat(TrafficSanity.problem(withStep(healthy, 3, 0, null, true), base)).isNull();
        assertThat(TrafficSanity.problem(withStep(healthy, 3, 0, new long[0], true), base)).isNull();
        long[] none = healthy.requests().clone();
        none[4] = 0;
        TrafficSeries quiet = new TrafficSeries(healthy.startEpochSeconds(), healthy.stepSeconds(), none,
                new long[none.length], healthy.bucketBoundsMs(), healthy.latencyBuckets(), healthy.present());
        assertThat(TrafficSanity.problem(quiet, base)).isNull();
        assertThat(TrafficSanity.problem(healthy, null)).isNull();
        assertThat(TrafficSanity.problem(healthy, TrafficSeries.empty(0, 60, new double[] {1}))).isNull();
    }

    @Test
    void stepsOfAnotherWidthAreInconclusive() {
        TrafficSeries coarse = new TrafficSeries(base.startEpochSeconds(), base.stepSeconds() * 4, base.requests(),
                base.errors(), base.bucketBoundsMs(), base.latencyBuckets(), base.present());
        assertThat(judge.evaluate(healthy, coarse, null, windowEnd()).summary())
                .contains("the candidate's steps are 15 s and the comparison's 1 min");
    }

    @Test
    void theFastChecksStepAsideOnUnusableData() {
        JudgeVerdict v = new FastChecks().evaluate(rowsShifted(healthy), base, null, windowEnd());
        assertThat(v.status()).isEqualTo(JudgeStatus.WATCHING);
        assertThat(v.summary()).startsWith("fast checks skipped: ");
    }
}
