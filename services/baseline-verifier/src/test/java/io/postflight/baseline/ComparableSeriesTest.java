package io.postflight.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.metrics.TrafficSeries;
import org.junit.jupiter.api.Test;

class ComparableSeriesTest {

    private static TrafficSeries series(double[] bounds, long[]... buckets) {
        long[] requests = new long[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            for (long b : buckets[i]) {
                requests[i] += b;
            }
        }
        return new TrafficSeries(600, 60, requests, new long[buckets.length], bounds, buckets, null);
    }

    @Test
    void finerBucketsAreMergedOntoTheSharedBoundsKeepingEveryRequest() {
        TrafficSeries fine = series(new double[] {10, 25, 50, 100}, new long[] {5, 4, 3, 2, 1});

        TrafficSeries merged = ComparableSeries.rebucket(fine, new double[] {25, 100});

        assertThat(merged.bucketBoundsMs()).containsExactly(25, 100);
        // (0, 25] = 5 + 4, (25, 100] = 3 + 2, above 100 = 1.
        assertThat(merged.latencyBuckets()[0]).containsExactly(9, 5, 1);
        assertThat(merged.requests()).containsExactly(15);
    }

    @Test
    void bucketsAboveTheLastSharedBoundGoToTheOpenBucket() {
        TrafficSeries fine = series(new double[] {10, 25, 50}, new long[] {5, 4, 3, 2});

        assertThat(ComparableSeries.rebucket(fine, new double[] {10}).latencyBuckets()[0]).containsExactly(5, 9);
    }

    @Test
    void onlySidesWithDataDecideTheCommonBounds() {
        TrafficSeries candidate = series(new double[] {10, 25, 50}, new long[] {1, 1, 1, 1});
        TrafficSeries control = series(new double[] {25, 50, 100}, new long[] {1, 1, 1, 1});
        TrafficSeries nothing = ComparableSeries.absent(600, 60, 1, new double[0]);

        assertThat(ComparableSeries.commonBounds(candidate, nothing, control)).containsExactly(25, 50);
        assertThat(ComparableSeries.commonBounds(nothing, candidate)).containsExactly(10, 25, 50);
    }

    @Test
    void aSideWithoutDataBecomesAbsentStepsWithTheCommonBounds() {
        TrafficSeries empty = TrafficSeries.empty(600, 60, new double[0]);

        TrafficSeries absent = ComparableSeries.onto(empty, 600, 3, new double[] {25, 50});

        assertThat(absent.steps()).isEqualTo(3);
        assertThat(absent.present()).containsExactly(false, false, false);
        assertThat(absent.bucketBoundsMs()).containsExactly(25, 50);
        assertThat(absent.latencyBuckets()[2]).containsExactly(0, 0, 0);
        assertThat(ComparableSeries.hasData(absent)).isFalse();
    }
}
