package io.postflight.judge.baseline;

import static io.postflight.judge.baseline.TrafficFixture.DEPLOYED_AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.postflight.contracts.Evidence;
import io.postflight.metrics.TrafficSeries;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The error-rate guard on exact counts (no sampling): one-minute steps, so each default check is one
 * step and its excess is known to the bit. 10 % against 5 % is exactly the 5-point threshold in
 * binary too, which is what lets these tests tell {@code >} from {@code >=}.
 */
class HardTriggersTest {
    static final int STEP = 60;
    static final double[] BOUNDS = {10, 20, 40};
    private static final BaselinePolicy POLICY = BaselinePolicy.DEFAULT;

    /** Steps of one minute with these counts, every request in the first latency bucket. */
    static TrafficSeries series(long start, long[] requests, long[] errors) {
        long[][] rows = new long[requests.length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new long[] {requests[i], 0, 0, 0};
        }
        return new TrafficSeries(start, STEP, requests, errors, BOUNDS, rows, null);
    }

    static long[] filled(int steps, long value) {
        long[] a = new long[steps];
        Arrays.fill(a, value);
        return a;
    }

    /** The candidate's {@code errors} per 100-request step against a previous window at 5 %. */
    private static AlignedTraffic vsFivePercent(long... errors) {
        int steps = errors.length;
        TrafficSeries previous = series(DEPLOYED_AT - 10L * STEP, filled(10, 100), filled(10, 5));
        return aligned(series(DEPLOYED_AT, filled(steps, 100), errors), previous, null);
    }

    static AlignedTraffic aligned(TrafficSeries candidate, TrafficSeries previous, TrafficSeries control) {
        return AlignedTraffic.of(candidate, previous, control, DEPLOYED_AT + (long) candidate.steps() * STEP,
                candidate.steps());
    }

    @Test
    void anExcessOfExactlyTheThresholdDoesNotFireAndOnePointMoreDoes() {
        Evidence at = HardTriggers.errorRate(vsFivePercent(10, 10, 10, 10, 10), POLICY);
        assertThat(at.breached()).isFalse();
        assertThat(at.check()).isEqualTo(HardTriggers.ERROR_CHECK);
        assertThat(at.figures()).containsEntry("worstExcess", 0.05).containsEntry("checks", 5.0)
                .containsEntry("threshold", 0.05).containsEntry("consecutiveRequired", 2.0)
                .doesNotContainKey("firedAtSeconds");
        assertThat(at.summary()).isEqualTo("error rate at most 5.0 points above the previous-window in 5 checks in"
                + " the first 5 min (a rollback needs more than 5.0 points above the previous-window in 2 checks"
                + " of 1 min in a row)");
        assertThat(at.labels()).containsEntry("baseline", "previous-window");

        Evidence above = HardTriggers.errorRate(vsFivePercent(11, 11, 10, 10, 10), POLICY);
        assertThat(above.breached()).isTrue();
        assertThat(above.figures()).containsEntry("firedAtSeconds", 120.0);
        assertThat(above.figures().get("worstExcess")).isCloseTo(0.06, within(1e-12));
        assertThat(above.summary()).isEqualTo("error rate more than 5.0 points above the previous-window in 2"
                + " checks of 1 min in a row at 2 min after the deployment (up to 6.0 points above)");
    }

    @Test
    void aServiceAlreadyFailingOftenIsNotRolledBackForBeingItself() {
        // 8 % before, 12 % now: 4 points, under the 5-point excess although far above 5 % absolute.
        TrafficSeries previous = series(DEPLOYED_AT - 10L * STEP, filled(10, 100), filled(10, 8));
        Evidence e = HardTriggers.errorRate(aligned(series(DEPLOYED_AT, filled(5, 100), filled(5, 12)), previous,
                null), POLICY);
        assertThat(e.breached()).isFalse();
        assertThat(e.figures().get("worstExcess")).isCloseTo(0.04, within(1e-12));
    }

    @Test
    void thePreviousWindowIsOneLevelNotAStepByStepPartner() {
        // The previous window alternates 0 % and 10 %: its level is 5 %. Step by step the candidate's
        // steady 10 % would be 10 points above every other partner; against the level it is exactly 5.
        long[] errors = {0, 10, 0, 10, 0, 10, 0, 10, 0, 10};
        TrafficSeries previous = series(DEPLOYED_AT - 10L * STEP, filled(10, 100), errors);
        Evidence e = HardTriggers.errorRate(aligned(series(DEPLOYED_AT, filled(5, 100), filled(5, 10)), previous,
                null), POLICY);
        assertThat(e.breached()).isFalse();
        assertThat(e.figures()).containsEntry("worstExcess", 0.05);
    }

    @Test
    void aPreviousWindowWithoutTrafficCountsAsErrorFree() {
        TrafficSeries previous = series(DEPLOYED_AT - 10L * STEP, new long[10], new long[10]);
        Evidence e = HardTriggers.errorRate(aligned(series(DEPLOYED_AT, filled(5, 100), filled(5, 6)), previous,
                null), POLICY);
        assertThat(e.figures().get("worstExcess")).isCloseTo(0.06, within(1e-12));
        assertThat(e.breached()).isTrue();
    }

    @Test
    void aBreachIsSustainedOnlyByConsecutiveChecksAndFiresAtTheFirstSuchCheck() {
        Evidence alternating = HardTriggers.errorRate(vsFivePercent(20, 5, 20, 5, 20), POLICY);
        assertThat(alternating.breached()).isFalse();
        assertThat(alternating.figures().get("worstExcess")).isCloseTo(0.15, within(1e-12));

        Evidence pair = HardTriggers.errorRate(vsFivePercent(5, 20, 20, 5, 5), POLICY);
        assertThat(pair.figures()).containsEntry("firedAtSeconds", 180.0);

        // Three in a row: it fired at the second; later breaches do not move the time.
        Evidence three = HardTriggers.errorRate(vsFivePercent(20, 20, 20, 20, 5), POLICY);
        assertThat(three.figures()).containsEntry("firedAtSeconds", 120.0);
    }

    @Test
    void onlyChecksEndingWithinTheErrorPeriodCount() {
        // The check ending at exactly 5 min counts, the one ending at 6 min does not.
        Evidence last = HardTriggers.errorRate(vsFivePercent(5, 5, 5, 20, 20, 5, 5), POLICY);
        assertThat(last.figures()).containsEntry("firedAtSeconds", 300.0).containsEntry("checks", 5.0);
        Evidence late = HardTriggers.errorRate(vsFivePercent(5, 5, 5, 5, 20, 20, 20), POLICY);
        assertThat(late.breached()).isFalse();
        assertThat(late.figures()).containsEntry("checks", 5.0);
    }

    @Test
    void aCheckNeedsTheMinimumRequestsAndOneWithoutThemBreaksTheRun() {
        TrafficSeries previous = series(DEPLOYED_AT - 10L * STEP, filled(10, 100), filled(10, 5));
        // Exactly 50 requests (the minimum) count: 6 of 50 is 12 %, 7 points above.
        Evidence atMinimum = HardTriggers.errorRate(aligned(series(DEPLOYED_AT, filled(2, 50), filled(2, 6)),
                previous, null), POLICY);
        assertThat(atMinimum.breached()).isTrue();
        assertThat(atMinimum.figures()).containsEntry("checks", 2.0);

        Evidence below = HardTriggers.errorRate(aligned(series(DEPLOYED_AT, filled(5, 49), filled(5, 30)),
                previous, null), POLICY);
        assertThat(below.breached()).isFalse();
        assertThat(below.figures()).containsEntry("checks", 0.0).doesNotContainKey("worstExcess");
        assertThat(below.summary()).isEqualTo("error-rate guard: no check of 1 min had 50 requests in the first 5 min");

        // A breach, a quiet minute (49 requests, all failed), a breach: not two checks in a row.
        Evidence interrupted = HardTriggers.errorRate(aligned(series(DEPLOYED_AT, new long[] {100, 49, 100},
                new long[] {20, 49, 20}), previous, null), POLICY);
        assertThat(interrupted.breached()).isFalse();
        assertThat(interrupted.figures()).containsEntry("checks", 2.0);
    }

    @Test
    void aCheckSumsItsStepsAndAPartialCheckAtTheEndIsNotOne() {
        // Two-minute checks of two steps: 20 + 0 errors of 200 is 10 %, exactly 5 points.
        HardTriggers.Settings twoMinutes = new HardTriggers.Settings(0.05, Duration.ofMinutes(5), 2.0,
                Duration.ofMinutes(3), Duration.ofMinutes(2), 2, 50);
        Evidence exact = HardTriggers.errorRate(vsFivePercent(20, 0, 0, 20), twoMinutes);
        assertThat(exact.breached()).isFalse();
        assertThat(exact.figures()).containsEntry("worstExcess", 0.05).containsEntry("checks", 2.0);

        Evidence both = HardTriggers.errorRate(vsFivePercent(20, 2, 2, 20, 40), twoMinutes);
        assertThat(both.figures()).containsEntry("firedAtSeconds", 240.0).containsEntry("checks", 2.0);
        assertThat(both.summary()).contains("in 2 checks of 2 min in a row at 4 min after");
    }

    @Test
    void aControlIsComparedCheckByCheck() {
        // The control's own rate moves (5 %, then 20 %): the candidate is judged against each minute's.
        TrafficSeries previous = series(DEPLOYED_AT - 10L * STEP, filled(10, 100), filled(10, 0));
        TrafficSeries control = series(DEPLOYED_AT, filled(4, 100), new long[] {5, 20, 20, 5});
        Evidence within = HardTriggers.errorRate(aligned(series(DEPLOYED_AT, filled(4, 100),
                new long[] {10, 25, 25, 10}), previous, control), POLICY);
        assertThat(within.breached()).isFalse();
        assertThat(within.labels()).containsEntry("baseline", "control");
        assertThat(within.summary()).contains("above the control in 4 checks");

        Evidence beyond = HardTriggers.errorRate(aligned(series(DEPLOYED_AT, filled(4, 100),
                new long[] {10, 26, 26, 10}), previous, control), POLICY);
        assertThat(beyond.figures()).containsEntry("firedAtSeconds", 180.0);
    }

    @Test
    void aMinuteWithoutControlTrafficIsNoCheck() {
        TrafficSeries previous = series(DEPLOYED_AT - 10L * STEP, filled(10, 100), filled(10, 0));
        TrafficSeries control = series(DEPLOYED_AT, new long[] {100, 0, 100}, new long[] {0, 0, 0});
        Evidence e = HardTriggers.errorRate(aligned(series(DEPLOYED_AT, filled(3, 100), filled(3, 20)),
                previous, control), POLICY);
        assertThat(e.figures()).containsEntry("checks", 2.0);
        assertThat(e.breached()).as("the empty minute breaks the run").isFalse();
    }
}
