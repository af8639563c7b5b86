package io.postflight.judge.baseline;

import static io.postflight.judge.baseline.HardTriggersTest.BOUNDS;
import static io.postflight.judge.baseline.HardTriggersTest.STEP;
import static io.postflight.judge.baseline.HardTriggersTest.aligned;
import static io.postflight.judge.baseline.TrafficFixture.DEPLOYED_AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.postflight.contracts.Evidence;
import io.postflight.metrics.TrafficSeries;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The p99 guard on exact histograms (bounds 10, 20, 40 ms; one-minute steps and checks). A row of
 * 990 requests in (0, 10] and 10 above puts the p99 exactly on 10 ms, the same shape one bucket up
 * exactly on 20 ms: a ratio of exactly 2, the default factor, so {@code >} is told from {@code >=}.
 */
class HardTriggersLatencyTest {
    private static final long[] AT_10_MS = {990, 10, 0, 0};
    private static final long[] AT_20_MS = {0, 990, 10, 0};
    /** p99 20 + 20/11 ms: 2.18 times 10 ms. */
    private static final long[] SLOWER = {0, 989, 11, 0};
    private static final BaselinePolicy POLICY = BaselinePolicy.DEFAULT;

    private static TrafficSeries latencies(long start, boolean[] present, long[]... rows) {
        long[] requests = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            requests[i] = Histograms.total(rows[i]);
        }
        return new TrafficSeries(start, STEP, requests, new long[rows.length], BOUNDS, rows, present);
    }

    private static TrafficSeries candidate(long[]... rows) {
        return latencies(DEPLOYED_AT, null, rows);
    }

    private static TrafficSeries previousAt10Ms() {
        return latencies(DEPLOYED_AT - 6L * STEP, null, AT_10_MS, AT_10_MS, AT_10_MS, AT_10_MS, AT_10_MS, AT_10_MS);
    }

    private static Evidence vsPrevious(TrafficSeries candidate) {
        return HardTriggers.latencyP99(aligned(candidate, previousAt10Ms(), null), POLICY);
    }

    @Test
    void exactlyTheFactorDoesNotFire() {
        Evidence e = vsPrevious(candidate(AT_20_MS, AT_20_MS, AT_20_MS, AT_20_MS, AT_20_MS, AT_20_MS));
        assertThat(e.breached()).isFalse();
        assertThat(e.check()).isEqualTo(HardTriggers.LATENCY_CHECK);
        assertThat(e.figures()).containsEntry("worstP99Ratio", 2.0).containsEntry("baselineP99Ms", 10.0)
                .containsEntry("checks", 3.0).containsEntry("threshold", 2.0).containsEntry("consecutiveRequired", 2.0)
                .doesNotContainKey("firedAtSeconds");
        assertThat(e.summary()).isEqualTo("p99 at most 2.00× the previous-window's in 3 checks after warm-up (a"
                + " rollback needs above 2.0× the previous-window's in 2 checks of 1 min in a row)");
    }

    @Test
    void theFirstTwoChecksAfterTheWarmUpFire() {
        // Slow from the start; the three warm-up minutes are ignored, minutes 4 and 5 fire it.
        Evidence e = vsPrevious(candidate(SLOWER, SLOWER, SLOWER, SLOWER, SLOWER, AT_20_MS));
        assertThat(e.breached()).isTrue();
        assertThat(e.figures()).containsEntry("firedAtSeconds", 300.0).containsEntry("checks", 3.0);
        assertThat(e.figures().get("worstP99Ratio")).isCloseTo(2.0 + 2.0 / 11, within(1e-12));
        assertThat(e.summary()).isEqualTo("p99 above 2.0× the previous-window's in 2 checks of 1 min in a row at"
                + " 5 min after the deployment (up to 2.2× it)");
        assertThat(e.labels()).containsEntry("baseline", "previous-window");

        // Still slow in minute 6: the guard fired at the second slow check and keeps that time.
        Evidence sustained = vsPrevious(candidate(AT_20_MS, AT_20_MS, AT_20_MS, SLOWER, SLOWER, SLOWER));
        assertThat(sustained.figures()).containsEntry("firedAtSeconds", 300.0);
    }

    @Test
    void aReferenceP99OfZeroIsNoReference() {
        // A first bound of 0 ms holding every previous request reads as p99 0: a ratio to it would be
        // infinite, so no check is made rather than a certain rollback.
        double[] bounds = {0, 10, 20};
        long[] instant = {1000, 0, 0, 0};
        long[] slow = {0, 0, 1000, 0};
        TrafficSeries previous = new TrafficSeries(DEPLOYED_AT - 5L * STEP, STEP, HardTriggersTest.filled(5, 1000),
                new long[5], bounds, new long[][] {instant, instant, instant, instant, instant}, null);
        TrafficSeries slowCandidate = new TrafficSeries(DEPLOYED_AT, STEP, HardTriggersTest.filled(5, 1000),
                new long[5], bounds, new long[][] {slow, slow, slow, slow, slow}, null);
        Evidence e = HardTriggers.latencyP99(aligned(slowCandidate, previous, null), POLICY);
        assertThat(e.breached()).isFalse();
        assertThat(e.figures()).containsEntry("checks", 0.0).containsEntry("baselineP99Ms", 0.0);
    }

    @Test
    void aWarmUpEndingInsideAStepIgnoresTheWholeStep() {
        // 2.5 min of warm-up: the third minute is still warm-up, so minutes 3 and 4 do not make a pair.
        HardTriggers.Settings warmUp150s = new HardTriggers.Settings(0.05, Duration.ofMinutes(5), 2.0,
                Duration.ofSeconds(150), Duration.ofMinutes(1), 2, 50);
        Evidence e = HardTriggers.latencyP99(aligned(candidate(AT_20_MS, AT_20_MS, SLOWER, SLOWER, AT_20_MS,
                AT_20_MS), previousAt10Ms(), null), warmUp150s);
        assertThat(e.breached()).isFalse();
        assertThat(e.figures()).containsEntry("checks", 3.0);
    }

    @Test
    void aCheckNeedsTenTimesTheMinimumRequests() {
        long[] slow500 = {0, 494, 6, 0};
        long[] slow499 = {0, 493, 6, 0};
        assertThat(vsPrevious(candidate(AT_20_MS, AT_20_MS, AT_20_MS, slow500, slow500)).breached()).isTrue();

        Evidence broken = vsPrevious(candidate(AT_20_MS, AT_20_MS, AT_20_MS, slow500, slow499, slow500));
        assertThat(broken.breached()).as("the 499-request minute breaks the run").isFalse();
        assertThat(broken.figures()).containsEntry("checks", 2.0);

        Evidence none = vsPrevious(candidate(slow499, slow499, slow499, slow499, slow499));
        assertThat(none.figures()).containsEntry("checks", 0.0).doesNotContainKey("worstP99Ratio");
        assertThat(none.summary()).isEqualTo("p99 guard: no check of 1 min after warm-up had 500 requests");
    }

    @Test
    void withoutAMinimumACheckStillNeedsTenRequests() {
        HardTriggers.Settings noMinimum = new HardTriggers.Settings(0.05, Duration.ofMinutes(5), 2.0,
                Duration.ofMinutes(3), Duration.ofMinutes(1), 2, 0);
        long[] ten = {0, 9, 1, 0};
        long[] nine = {0, 8, 1, 0};
        Evidence fired = HardTriggers.latencyP99(aligned(candidate(ten, ten, ten, ten, ten), previousAt10Ms(), null),
                noMinimum);
        assertThat(fired.breached()).isTrue();
        Evidence none = HardTriggers.latencyP99(aligned(candidate(nine, nine, nine, nine, nine), previousAt10Ms(),
                null), noMinimum);
        assertThat(none.summary()).isEqualTo("p99 guard: no check of 1 min after warm-up had 10 requests");
    }

    @Test
    void aPreviousWindowWithoutLatencyDataIsNoReference() {
        long[] empty = new long[4];
        TrafficSeries previous = new TrafficSeries(DEPLOYED_AT - 6L * STEP, STEP, new long[] {1000, 1000, 1000,
            1000, 1000, 1000}, new long[6], BOUNDS, new long[][] {empty, empty, empty, empty, empty, empty}, null);
        Evidence e = HardTriggers.latencyP99(aligned(candidate(SLOWER, SLOWER, SLOWER, SLOWER, SLOWER),
                previous, null), POLICY);
        assertThat(e.breached()).isFalse();
        assertThat(e.figures()).containsEntry("checks", 0.0).doesNotContainKey("baselineP99Ms");
    }

    @Test
    void theReferenceIgnoresStepsThePreviousWindowDidNotHave() {
        // A missing step's row (here: every request slow) is not read into the reference p99.
        long[] slowest = {0, 0, 0, 1000};
        TrafficSeries previous = latencies(DEPLOYED_AT - 3L * STEP, new boolean[] {true, false, true}, AT_10_MS,
                slowest, AT_10_MS);
        Evidence e = HardTriggers.latencyP99(aligned(candidate(AT_20_MS, AT_20_MS, AT_20_MS, SLOWER, SLOWER),
                previous, null), POLICY);
        assertThat(e.figures()).containsEntry("baselineP99Ms", 10.0);
        assertThat(e.breached()).isTrue();
    }

    @Test
    void aControlIsComparedCheckByCheckAndNeedsTheRequestsToo() {
        TrafficSeries previous = previousAt10Ms();
        // The control slows down with the candidate in minute 4: shared, so not the candidate's doing.
        TrafficSeries control = candidate(AT_10_MS, AT_10_MS, AT_10_MS, AT_10_MS, AT_20_MS, AT_10_MS);
        Evidence shared = HardTriggers.latencyP99(aligned(candidate(SLOWER, SLOWER, SLOWER, SLOWER, SLOWER,
                SLOWER), previous, control), POLICY);
        assertThat(shared.breached()).isFalse();
        assertThat(shared.figures()).containsEntry("checks", 3.0).doesNotContainKey("baselineP99Ms");
        assertThat(shared.labels()).containsEntry("baseline", "control");
        assertThat(shared.summary()).contains("the control's in 3 checks");

        // A control minute of 499 requests is no check: it breaks the run.
        TrafficSeries quietControl = candidate(AT_10_MS, AT_10_MS, AT_10_MS, AT_10_MS, new long[] {493, 6, 0, 0},
                AT_10_MS);
        Evidence quiet = HardTriggers.latencyP99(aligned(candidate(SLOWER, SLOWER, SLOWER, SLOWER, SLOWER,
                SLOWER), previous, quietControl), POLICY);
        assertThat(quiet.breached()).isFalse();
        assertThat(quiet.figures()).containsEntry("checks", 2.0);

        // ... and one of exactly 500 (ten times the minimum) is one.
        TrafficSeries control500 = candidate(AT_10_MS, AT_10_MS, AT_10_MS, AT_10_MS, new long[] {495, 5, 0, 0},
                AT_10_MS);
        Evidence enough = HardTriggers.latencyP99(aligned(candidate(SLOWER, SLOWER, SLOWER, SLOWER, SLOWER,
                SLOWER), previous, control500), POLICY);
        assertThat(enough.figures()).containsEntry("checks", 3.0).containsEntry("firedAtSeconds", 300.0);

        TrafficSeries steadyControl = candidate(AT_10_MS, AT_10_MS, AT_10_MS, AT_10_MS, AT_10_MS, AT_10_MS);
        Evidence fired = HardTriggers.latencyP99(aligned(candidate(AT_20_MS, AT_20_MS, AT_20_MS, AT_20_MS,
                SLOWER, SLOWER), previous, steadyControl), POLICY);
        assertThat(fired.figures()).containsEntry("firedAtSeconds", 360.0);
        assertThat(fired.figures().get("worstP99Ratio")).isCloseTo(2.0 + 2.0 / 11, within(1e-12));
    }
}
