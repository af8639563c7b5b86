package io.postflight.judge.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HistogramsTest {

    private static final double[] BOUNDS = {10, 100, 1000};

    @Test
    void quantileInterpolatesInsideTheBucketLikePrometheus() {
        // 100 requests: 50 in (0,10], 40 in (10,100], 10 in (100,1000].
        long[] buckets = {50, 40, 10, 0};
        // p50: rank 50 ends the first bucket exactly -> 10.
        assertThat(Histograms.quantile(buckets, BOUNDS, 0.5)).isCloseTo(10.0, within(1e-12));
        // p90: rank 90 ends the second bucket -> 100. p95: 5 of 10 into (100,1000] -> 550.
        assertThat(Histograms.quantile(buckets, BOUNDS, 0.9)).isCloseTo(100.0, within(1e-12));
        assertThat(Histograms.quantile(buckets, BOUNDS, 0.95)).isCloseTo(550.0, within(1e-12));
        // p25: rank 25 halfway into the first bucket, whose lower edge is 0.
        assertThat(Histograms.quantile(buckets, BOUNDS, 0.25)).isCloseTo(5.0, within(1e-12));
    }

    @Test
    void rankInTheInfiniteBucketGivesTheHighestFiniteBound() {
        long[] buckets = {1, 0, 0, 99};
        assertThat(Histograms.quantile(buckets, BOUNDS, 0.99)).isEqualTo(1000.0);
    }

    @Test
    void emptyHistogramHasNoQuantile() {
        assertThat(Histograms.quantile(new long[4], BOUNDS, 0.99)).isNaN();
    }

    @Test
    void countsAboveABound() {
        long[] buckets = {50, 40, 10, 3};
        assertThat(Histograms.above(buckets, 0)).isEqualTo(53);
        assertThat(Histograms.above(buckets, 2)).isEqualTo(3);
        assertThat(Histograms.total(buckets)).isEqualTo(103);
        long[][] rows = {{1, 2, 3, 4}, {10, 20, 30, 40}, {5, 5, 5, 5}};
        assertThat(Histograms.sum(rows, 0, 3, new boolean[] {true, false, true}, 4)).containsExactly(6, 7, 8, 9);
    }

    @Test
    void aRankEndingABucketBeforeEmptyOnesIsThatBucketsUpperBound() {
        // Rank 50 ends (0, 10]; the next bucket is empty. The p50 is 10, not the 100 that the next
        // non-empty bucket's lower edge would give.
        assertThat(Histograms.quantile(new long[] {50, 0, 50, 0}, BOUNDS, 0.5)).isEqualTo(10.0);
        // Rank 0 with a leading empty bucket: the first non-empty bucket's lower edge, never 0/0.
        assertThat(Histograms.quantile(new long[] {0, 50, 50, 0}, BOUNDS, 0.0)).isEqualTo(10.0);
    }

    @Test
    void withoutFiniteBoundsThereIsNoQuantile() {
        assertThat(Histograms.quantile(new long[] {7}, new double[0], 0.99)).isNaN();
    }

    @Test
    void sumClipsItsRangeToTheRowsAndItsWidthToEachRow() {
        long[][] rows = {{1, 2, 3}, {10, 20}, {100, 200, 300}};
        assertThat(Histograms.sum(rows, -5, 10, null, 3)).containsExactly(111, 222, 303);
        assertThat(Histograms.sum(rows, 1, 2, null, 3)).containsExactly(10, 20, 0);
        assertThat(Histograms.sum(rows, 0, 3, null, 2)).containsExactly(111, 222);
    }
}
