package io.postflight.judge.baseline;

import static io.postflight.judge.baseline.HardTriggersTest.BOUNDS;
import static io.postflight.judge.baseline.HardTriggersTest.STEP;
import static io.postflight.judge.baseline.HardTriggersTest.filled;
import static io.postflight.judge.baseline.TrafficFixture.DEPLOYED_AT;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.metrics.TrafficSeries;
import org.junit.jupiter.api.Test;

/**
 * Which comparison step each candidate step is judged against, on one-minute steps whose error
 * counts name the step they come from: a control by time (and only once it has ended), the previous
 * window by offset at similar load, else the nearest similar unused step, else none.
 */
class AlignedTrafficTest {

    private static TrafficSeries series(long start, long[] requests, long[] errors, boolean[] present) {
        long[][] rows = new long[requests.length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new long[] {requests[i], 0, 0, i};
        }
        return new TrafficSeries(start, STEP, requests, errors, BOUNDS, rows, present);
    }

    /** Steps of 100 requests whose error count is the step's index: the pairing reads off them. */
    private static TrafficSeries numbered(long start, int steps) {
        long[] errors = new long[steps];
        for (int i = 0; i < steps; i++) {
            errors[i] = i;
        }
        return series(start, filled(steps, 100), errors, null);
    }

    private static final TrafficSeries CANDIDATE = series(DEPLOYED_AT, filled(4, 100), new long[4], null);

    @Test
    void aControlIsPairedByTimeWhateverItsStart() {
        TrafficSeries earlier = numbered(DEPLOYED_AT - 2L * STEP, 8);
        AlignedTraffic a = AlignedTraffic.of(CANDIDATE, numbered(DEPLOYED_AT - 10L * STEP, 10), earlier,
                DEPLOYED_AT + 4L * STEP, 30);
        assertThat(a.comparison).isEqualTo(AlignedTraffic.CONTROL);
        assertThat(a.comparisonErrors).containsExactly(2, 3, 4, 5);
        assertThat(a.paired).containsExactly(true, true, true, true);
        assertThat(a.comparisonBuckets[0]).containsExactly(100, 0, 0, 2);

        // A control that starts a minute later and has two steps: no partner before it or after it.
        TrafficSeries later = numbered(DEPLOYED_AT + STEP, 2);
        AlignedTraffic b = AlignedTraffic.of(CANDIDATE, numbered(DEPLOYED_AT - 10L * STEP, 10), later,
                DEPLOYED_AT + 4L * STEP, 30);
        assertThat(b.paired).containsExactly(false, true, true, false);
        assertThat(b.comparisonRequests).containsExactly(0, 100, 100, 0);
        assertThat(b.comparisonErrors).containsExactly(0, 0, 1, 0);
        assertThat(b.pairedSteps()).isEqualTo(2);
        assertThat(b.pairedCandidateRequests()).isEqualTo(200);
        assertThat(b.pairedComparisonRequests()).isEqualTo(200);
    }

    @Test
    void aControlStepCountsOnlyOnceItHasEnded() {
        // Half a step behind: the control's step 1 ends 30 s after the candidate's.
        TrafficSeries behind = numbered(DEPLOYED_AT + STEP / 2, 4);
        AlignedTraffic a = AlignedTraffic.of(CANDIDATE, numbered(DEPLOYED_AT - 10L * STEP, 10), behind,
                DEPLOYED_AT + 2L * STEP, 30);
        assertThat(a.steps).isEqualTo(2);
        assertThat(a.paired).containsExactly(true, false);
        // In step: the control's step 1 ends exactly at "now", and counts.
        AlignedTraffic b = AlignedTraffic.of(CANDIDATE, numbered(DEPLOYED_AT - 10L * STEP, 10),
                numbered(DEPLOYED_AT, 4), DEPLOYED_AT + 2L * STEP, 30);
        assertThat(b.paired).containsExactly(true, true);
    }

    @Test
    void onlyStepsEndedByNowAndWithinTheWindowAreSeen() {
        TrafficSeries previous = numbered(DEPLOYED_AT - 10L * STEP, 10);
        assertThat(AlignedTraffic.of(CANDIDATE, previous, null, DEPLOYED_AT + 2L * STEP + 59, 30).steps).isEqualTo(2);
        assertThat(AlignedTraffic.of(CANDIDATE, previous, null, DEPLOYED_AT + 10L * STEP, 3).steps).isEqualTo(3);
        assertThat(AlignedTraffic.of(CANDIDATE, previous, null, DEPLOYED_AT + 10L * STEP, 30).steps).isEqualTo(4);
        assertThat(AlignedTraffic.of(CANDIDATE, previous, null, DEPLOYED_AT - STEP, 30).steps).isZero();
    }

    @Test
    void thePreviousWindowIsReplayedFromTheStartOfItsLastWindow() {
        // Ten previous steps, a window of four: candidate step i is paired with previous step 6 + i.
        AlignedTraffic a = AlignedTraffic.of(CANDIDATE, numbered(DEPLOYED_AT - 10L * STEP, 10), null,
                DEPLOYED_AT + 4L * STEP, 4);
        assertThat(a.comparison).isEqualTo(AlignedTraffic.PREVIOUS_WINDOW);
        assertThat(a.comparisonErrors).containsExactly(6, 7, 8, 9);
        assertThat(a.loadUnmatched).isZero();
        assertThat(a.comparisonSeries.steps()).isEqualTo(10);
    }

    @Test
    void aControlWithoutAnyDataLeavesThePreviousWindow() {
        TrafficSeries silent = series(DEPLOYED_AT, filled(4, 100), new long[4], new boolean[4]);
        AlignedTraffic a = AlignedTraffic.of(CANDIDATE, numbered(DEPLOYED_AT - 4L * STEP, 4), silent,
                DEPLOYED_AT + 4L * STEP, 4);
        assertThat(a.comparison).isEqualTo(AlignedTraffic.PREVIOUS_WINDOW);
        assertThat(AlignedTraffic.reference(numbered(0, 1), silent).steps()).isEqualTo(1);
    }

    @Test
    void anotherLoadIsPairedWithTheNearestSimilarUnusedStep() {
        // Candidate 200 a step; previous 100, 180, 205, 195. Step 0's offset partner (100) is too far:
        // the nearest similar step is 205 (5 away; 195 is as near but later, 180 is 20 away). Step 1
        // keeps its offset partner 180 (similar enough); step 2's (205) is taken, so it gets 195.
        TrafficSeries previous = series(DEPLOYED_AT - 4L * STEP, new long[] {100, 180, 205, 195},
                new long[] {0, 1, 2, 3}, null);
        TrafficSeries candidate = series(DEPLOYED_AT, filled(3, 200), new long[3], null);
        AlignedTraffic a = AlignedTraffic.of(candidate, previous, null, DEPLOYED_AT + 3L * STEP, 4);
        assertThat(a.comparisonErrors).containsExactly(2, 1, 3);
        assertThat(a.loadUnmatched).isZero();

        // Tied gaps go to the earlier step.
        TrafficSeries tied = series(DEPLOYED_AT - 3L * STEP, new long[] {100, 195, 205}, new long[] {0, 1, 2}, null);
        AlignedTraffic b = AlignedTraffic.of(series(DEPLOYED_AT, filled(1, 200), new long[1], null), tied, null,
                DEPLOYED_AT + STEP, 3);
        assertThat(b.comparisonErrors).containsExactly(1);
    }

    @Test
    void aStepWithNoSimilarLoadLeftIsUnpairedAndCounted() {
        // Previous: 100, 300 (missing), 300. Candidate: 300, 300. The missing step is no partner and
        // the present one serves once, so the second candidate step has none.
        TrafficSeries previous = series(DEPLOYED_AT - 3L * STEP, new long[] {100, 300, 300}, new long[] {0, 1, 2},
                new boolean[] {true, false, true});
        TrafficSeries candidate = series(DEPLOYED_AT, filled(2, 300), new long[2], null);
        AlignedTraffic a = AlignedTraffic.of(candidate, previous, null, DEPLOYED_AT + 2L * STEP, 3);
        assertThat(a.comparisonErrors).containsExactly(2, 0);
        assertThat(a.paired).containsExactly(true, false);
        assertThat(a.loadUnmatched).isEqualTo(1);

        // A previous window without any data: nothing is "unmatched", there was nothing to match.
        TrafficSeries empty = series(DEPLOYED_AT - 3L * STEP, new long[3], new long[3], new boolean[3]);
        assertThat(AlignedTraffic.of(candidate, empty, null, DEPLOYED_AT + 2L * STEP, 3).loadUnmatched).isZero();

        // A candidate step without data is not an unmatched load.
        TrafficSeries gappy = series(DEPLOYED_AT, new long[] {300, 900}, new long[2], new boolean[] {true, false});
        assertThat(AlignedTraffic.of(gappy, previous, null, DEPLOYED_AT + 2L * STEP, 3).loadUnmatched).isZero();
    }

    @Test
    void loadsAreSimilarUpToTheEdgeOfEightPercentPlusNoise() {
        // 400 and 500: 100 apart, exactly 8 % of 500 (40) plus twice the root of 900 (60).
        assertThat(AlignedTraffic.similarLoad(400, 500)).isTrue();
        assertThat(AlignedTraffic.similarLoad(500, 400)).isTrue();
        assertThat(AlignedTraffic.similarLoad(399, 500)).isFalse();
    }

    @Test
    void aCandidateStepWithoutDataTakesNoStepOfThePreviousWindow() {
        // Previous: 100, 300. Candidate: missing, then 100. The missing step must not use up its
        // offset partner (100), which the second step, at that load, is compared with.
        TrafficSeries previous = series(DEPLOYED_AT - 2L * STEP, new long[] {100, 300}, new long[] {0, 1}, null);
        TrafficSeries candidate = series(DEPLOYED_AT, new long[] {0, 100}, new long[2], new boolean[] {false, true});
        AlignedTraffic a = AlignedTraffic.of(candidate, previous, null, DEPLOYED_AT + 2L * STEP, 2);
        assertThat(a.paired).containsExactly(false, true);
        assertThat(a.comparisonErrors[1]).isZero();
        assertThat(a.loadUnmatched).isZero();
    }

    @Test
    void histogramRowsKeepTheirInfiniteBucketAndAMissingRowIsEmpty() {
        long[][] rows = {{1, 2, 3, 4}, null};
        TrafficSeries candidate = new TrafficSeries(DEPLOYED_AT, STEP, new long[] {10, 0}, new long[2], BOUNDS,
                rows, null);
        AlignedTraffic a = AlignedTraffic.of(candidate, numbered(DEPLOYED_AT - 2L * STEP, 2), null,
                DEPLOYED_AT + 2L * STEP, 2);
        assertThat(a.candidateBuckets[0]).containsExactly(1, 2, 3, 4);
        assertThat(a.candidateBuckets[1]).containsExactly(0, 0, 0, 0);
        assertThat(a.candidateRequests).containsExactly(10, 0);
    }
}
