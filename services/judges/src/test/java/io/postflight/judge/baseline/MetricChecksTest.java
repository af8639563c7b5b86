package io.postflight.judge.baseline;

import static io.postflight.judge.baseline.TrafficFixture.DEPLOYED_AT;
import static io.postflight.judge.baseline.TrafficFixture.STEP;
import static io.postflight.judge.baseline.TrafficFixture.STEPS;
import static io.postflight.judge.baseline.TrafficFixture.atDeploy;
import static io.postflight.judge.baseline.TrafficFixture.baseline;
import static io.postflight.judge.baseline.TrafficFixture.steady;
import static io.postflight.judge.baseline.TrafficFixture.windowEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postflight.contracts.Evidence;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.metrics.CheckSeries;
import io.postflight.metrics.TrafficSeries;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class MetricChecksTest {

    private static final MetricCheck ORDERS = new MetricCheck("orders-per-minute", "orders per minute",
            MetricCheck.Direction.LOWER_IS_WORSE, 0.2, null, 5);
    private final BaselineJudge judge = new BaselineJudge();
    private final TrafficSeries base = baseline(steady(300, 0.005, 80), 1);
    private final TrafficSeries cand = atDeploy(steady(300, 0.005, 80), 2);

    @Test
    void aBusinessMetricThatDropsFailsTheWindowWithItsEvidence() {
        CheckData orders = orders(i -> 40 + noise(i, 3), i -> 18 + noise(i, 3));
        JudgeVerdict v = judge.evaluate(cand, base, null, windowEnd(), 0, List.of(orders));
        assertThat(v.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(v.summary()).contains("orders-per-minute");
        Evidence e = evidence(v, "orders-per-minute");
        assertThat(e.breached()).isTrue();
        assertThat(e.summary()).contains("orders per minute").contains("at most 20 % below").contains("lower is worse");
        assertThat(e.figures().get("candidateMedian")).isBetween(14.0, 22.0);
        // Caught on the way, not only at the end of the window: a look after 8 minutes (3 of warm-up,
        // then 20 steps of 15 s) sees it; during the warm-up nothing is judged.
        assertThat(judge.evaluate(cand, base, null, DEPLOYED_AT + 480, 0, List.of(orders)).status())
                .isEqualTo(JudgeStatus.FAILED);
        assertThat(evidence(judge.evaluate(cand, base, null, DEPLOYED_AT + 180, 0, List.of(orders)),
                "orders-per-minute").figures().get("observedSteps")).isZero();
    }

    @Test
    void aBusinessMetricWithinItsToleranceLetsTheWindowPass() {
        CheckData orders = orders(i -> 40 + noise(i, 3), i -> 36 + noise(i + 1000, 3));
        JudgeVerdict v = judge.evaluate(cand, base, null, windowEnd(), 0, List.of(orders));
        assertThat(v.status()).isEqualTo(JudgeStatus.PASSED);
        assertThat(evidence(v, "orders-per-minute").breached()).isFalse();
    }

    @Test
    void noDataForACustomCheckIsInconclusiveNeverAPass() {
        CheckData orders = new CheckData(ORDERS, false, CheckSeries.absent(DEPLOYED_AT, STEP, STEPS),
                series(DEPLOYED_AT - (long) STEPS * STEP, i -> 40), null);
        JudgeVerdict v = judge.evaluate(cand, base, null, windowEnd(), 0, List.of(orders));
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).contains("too little data for orders per minute");
    }

    @Test
    void anAbsoluteBoundNeedsNoComparison() {
        MetricCheck queue = new MetricCheck("queue-depth", "messages queued", MetricCheck.Direction.HIGHER_IS_WORSE,
                null, 500.0, 5);
        CheckData data = new CheckData(queue, false, series(DEPLOYED_AT, i -> 900 + noise(i, 50)), null, null);
        JudgeVerdict v = judge.evaluate(cand, base, null, windowEnd(), 0, List.of(data));
        assertThat(v.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(evidence(v, "queue-depth").labels()).containsEntry("baseline", "bound");
    }

    @Test
    void perRequestValuesCompareVersionsServingDifferentSharesBesideAControl() {
        // The canary serves a tenth of the control's requests: orders per minute are a tenth too, orders
        // per request the same.
        TrafficSeries small = atDeploy(steady(30, 0.005, 80), 4);
        TrafficSeries control = atDeploy(steady(300, 0.005, 80), 5);
        MetricCheck perRequest = new MetricCheck("orders-per-request", null, MetricCheck.Direction.LOWER_IS_WORSE,
                0.2, null, 5);
        CheckData raw = new CheckData(perRequest, false, series(DEPLOYED_AT, i -> 4 + noise(i, 0.3)),
                null, series(DEPLOYED_AT, i -> 40 + noise(i + 7, 3)));
        CheckData normalised = new CheckData(perRequest, true, raw.candidate(), null, raw.control());
        assertThat(judge.evaluate(small, base, control, windowEnd(), 0, List.of(raw)).status())
                .isEqualTo(JudgeStatus.FAILED);
        JudgeVerdict v = judge.evaluate(small, base, control, windowEnd(), 0, List.of(normalised));
        assertThat(v.status()).isNotEqualTo(JudgeStatus.FAILED);
        assertThat(evidence(v, "orders-per-request").labels()).containsEntry("baseline", "control");
    }

    @Test
    void withoutAControlATrafficThatAllButStoppedFailsAndAFallToAThirdHolds() {
        TrafficSeries starved = atDeploy(steady(20, 0.005, 80), 2);
        JudgeVerdict v = judge.evaluate(starved, base, null, windowEnd());
        assertThat(v.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(evidence(v, "throughput").breached()).isTrue();
        assertThat(evidence(v, "throughput").summary()).contains("requests per step").contains("50 % below");
        // A third of the load: a lost share or a fall in load, which without a control look alike.
        JudgeVerdict third = judge.evaluate(atDeploy(steady(100, 0.005, 80), 2), base, null, windowEnd());
        assertThat(third.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(evidence(third, "throughput").breached()).isFalse();
        assertThat(evidence(third, "throughput").summary()).contains("held");
    }

    @Test
    void sparsePerRequestCountsBesideAControlAreNotRolledBack() {
        // A 5 % canary: ~50 requests a minute, 0.5 % of them orders (a quarter of an order a step) on
        // both versions. Per-step ratios are mostly zero; pooled blocks are judged instead.
        MetricCheck perRequest = new MetricCheck("orders-per-request", null, MetricCheck.Direction.LOWER_IS_WORSE,
                0.2, null, 5);
        int failed = 0;
        for (int seed = 0; seed < 100; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            long[] canaryRequests = new long[STEPS];
            long[] controlRequests = new long[STEPS];
            double[] canaryOrders = new double[STEPS];
            double[] controlOrders = new double[STEPS];
            for (int i = 0; i < STEPS; i++) {
                canaryRequests[i] = 12 + rnd.nextInt(3);
                controlRequests[i] = 238 + rnd.nextInt(5);
                // orders per minute at 15 s steps: the step's orders × 4
                canaryOrders[i] = 4 * poisson(rnd, canaryRequests[i] * 0.005);
                controlOrders[i] = 4 * poisson(rnd, controlRequests[i] * 0.005);
            }
            TrafficSeries canary = withRequests(atDeploy(steady(13, 0.005, 80), 2), canaryRequests);
            TrafficSeries control = withRequests(atDeploy(steady(240, 0.005, 80), 3), controlRequests);
            CheckData data = new CheckData(perRequest, true, new CheckSeries(DEPLOYED_AT, STEP, canaryOrders), null,
                    new CheckSeries(DEPLOYED_AT, STEP, controlOrders));
            if (judge.evaluate(canary, base, control, windowEnd(), 0, List.of(data)).status() == JudgeStatus.FAILED) {
                failed++;
            }
        }
        assertThat(failed).as("healthy canaries rolled back of 100").isLessThanOrEqualTo(1);
    }

    @Test
    void aControlSeriesThatCouldNotBeFetchedIsTooLittleDataNeverThePreviousWindow() {
        TrafficSeries control = atDeploy(steady(300, 0.005, 80), 3);
        // Before the deployment the previous version took twice the orders (it served both halves).
        CheckData noControl = new CheckData(ORDERS, false, series(DEPLOYED_AT, i -> 25 + noise(i, 2)),
                series(DEPLOYED_AT - (long) STEPS * STEP, i -> 50 + noise(i + 500, 2)), null);
        JudgeVerdict v = judge.evaluate(cand, base, control, windowEnd(), 0, List.of(noControl));
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(evidence(v, "orders-per-minute").labels()).containsEntry("baseline", "control");
        assertThat(v.summary()).contains("too little data for orders per minute");
    }

    @Test
    void aReferenceTooShortForItsBoundIsTooLittleDataNotItsExtreme() {
        double[] before = {50, 52, 48, 51, 49}; // five steps: no bound at the check's share of alpha
        MetricChecks.Result r = MetricChecks.judge(new MetricChecks.Input(ORDERS, new double[] {10, 10, 10, 10, 10,
                10, 10, 10, 10, 10, 10, 10}, null, before, "previous-window", "previous window", true, null, false),
                0.01 / 4);
        assertThat(r.finding().established()).isFalse();
        assertThat(r.tooLittleData()).contains("12 candidate step(s) and 5 of the previous version")
                .contains("10 needed");
    }

    @Test
    void aSeriesNeitherVersionHasDoesNotApplyAndBlocksNothing() {
        CheckData none = new CheckData(ORDERS, false, CheckSeries.absent(DEPLOYED_AT, STEP, STEPS),
                CheckSeries.absent(DEPLOYED_AT - (long) STEPS * STEP, STEP, STEPS), null);
        JudgeVerdict v = judge.evaluate(cand, base, null, windowEnd(), 0, List.of(none));
        assertThat(v.status()).isEqualTo(JudgeStatus.PASSED);
        assertThat(evidence(v, "orders-per-minute").summary()).contains("no data for either version");
    }

    @Test
    void aCanaryWhoseShareOfTheTrafficCollapsesFails() {
        TrafficSeries control = atDeploy(steady(900, 0.005, 80), 3);
        TrafficSeries collapsing = atDeploy(i -> new TrafficFixture.Step(i < 20 ? 100 : 15, 0.005, 80), 2);
        JudgeVerdict v = judge.evaluate(collapsing, base, control, windowEnd());
        assertThat(v.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(evidence(v, "throughput").summary()).contains("share of the traffic");
        // Its share as the router set it, however small, is no failure.
        TrafficSeries steadyCanary = atDeploy(steady(100, 0.005, 80), 2);
        assertThat(judge.evaluate(steadyCanary, base, control, windowEnd()).status()).isEqualTo(JudgeStatus.PASSED);
    }

    @Test
    void withoutTheThroughputCheckATrafficDropIsNotItsBusiness() {
        TrafficSeries starved = atDeploy(steady(60, 0.005, 80), 2);
        // (Compared at a load the previous window never served, the window is inconclusive instead.)
        JudgeVerdict v = new BaselineJudge(BaselinePolicy.DEFAULT, null).evaluate(starved, base, null, windowEnd());
        assertThat(v.status()).isNotEqualTo(JudgeStatus.FAILED);
        assertThat(v.evidence()).noneMatch(e -> e.check().equals("throughput"));
    }

    @Test
    void aCandidateAtTheEdgeOfItsToleranceRarelyFailsHoweverOftenLookedAt() {
        // The median exactly at the limit (20 % below the previous window's): the null at its edge.
        // Each window is looked at every step; the false-alarm rate stays under the check's share of α.
        int windows = 400;
        int failed = 0;
        for (int w = 0; w < windows; w++) {
            SplittableRandom rnd = new SplittableRandom(w);
            double[] before = new double[STEPS];
            double[] after = new double[STEPS];
            for (int i = 0; i < STEPS; i++) {
                before[i] = 50 + 8 * rnd.nextGaussian();
                after[i] = 40 + 8 * rnd.nextGaussian();
            }
            for (int look = 5; look <= STEPS; look++) {
                MetricChecks.Result r = MetricChecks.judge(new MetricChecks.Input(ORDERS, Arrays.copyOf(after, look),
                        null, before, "previous-window", "previous window", true, null, false), 0.05 / 3);
                if (r.finding().established()) {
                    failed++;
                    break;
                }
            }
        }
        assertThat((double) failed / windows).isLessThanOrEqualTo(0.05 / 3);
    }

    @Test
    void theMedianBoundIsAnOrderStatisticOnTheCandidatesSide() {
        double[] values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        // P(Binomial(10, ½) ≥ 9) = 11/1024 ≈ 0.011 ≤ 0.05 < P(≥ 8) = 56/1024.
        assertThat(MetricChecks.medianBound(values, MetricCheck.Direction.HIGHER_IS_WORSE, 0.05)).isEqualTo(9);
        assertThat(MetricChecks.medianBound(values, MetricCheck.Direction.LOWER_IS_WORSE, 0.05)).isEqualTo(2);
    }

    @Test
    void aCheckIsOneOfToleranceOrBound() {
        assertThatThrownBy(() -> new MetricCheck("x", null, MetricCheck.Direction.HIGHER_IS_WORSE, 0.1, 5.0, 5))
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> new MetricCheck("x", null, MetricCheck.Direction.LOWER_IS_WORSE, 1.0, null, 5))
                .hasMessageContaining("below 1");
        assertThatThrownBy(() -> new MetricCheck("Bad Name", null, MetricCheck.Direction.LOWER_IS_WORSE, 0.1, null, 5))
                .hasMessageContaining("lower-case");
        assertThatThrownBy(() -> new MetricCheck("error-rate", null, MetricCheck.Direction.LOWER_IS_WORSE, 0.1, null, 5))
                .hasMessageContaining("own evidence");
        assertThatThrownBy(() -> new MetricCheck("x", null, MetricCheck.Direction.HIGHER_IS_WORSE, 1e300, null, 5))
                .hasMessageContaining("at most 100");
        assertThatThrownBy(() -> new MetricCheck("x", null, MetricCheck.Direction.HIGHER_IS_WORSE, 0.1, null,
                Integer.MAX_VALUE)).hasMessageContaining("min-steps");
    }

    private static long poisson(SplittableRandom rnd, double mean) {
        long n = 0;
        for (double t = -Math.log(1 - rnd.nextDouble()); t < mean; t -= Math.log(1 - rnd.nextDouble())) {
            n++;
        }
        return n;
    }

    private static TrafficSeries withRequests(TrafficSeries s, long[] requests) {
        return new TrafficSeries(s.startEpochSeconds(), s.stepSeconds(), requests, new long[requests.length],
                s.bucketBoundsMs(), s.latencyBuckets(), null);
    }

    private static CheckData orders(IntToDoubleFunction before, IntToDoubleFunction after) {
        return new CheckData(ORDERS, false, series(DEPLOYED_AT, after),
                series(DEPLOYED_AT - (long) STEPS * STEP, before), null);
    }

    private static CheckSeries series(long start, IntToDoubleFunction value) {
        double[] v = new double[STEPS];
        for (int i = 0; i < STEPS; i++) {
            v[i] = value.applyAsDouble(i);
        }
        return new CheckSeries(start, STEP, v);
    }

    /** Deterministic noise of about {@code size}, different per index. */
    private static double noise(int i, double size) {
        return size * new SplittableRandom(31L * i + 17).nextGaussian();
    }

    private static Evidence evidence(JudgeVerdict v, String check) {
        return v.evidence().stream().filter(e -> e.check().equals(check)).findFirst().orElseThrow();
    }
}
