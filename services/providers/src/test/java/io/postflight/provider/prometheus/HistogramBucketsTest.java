package io.postflight.provider.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistogramBucketsTest {

    @Test
    void decumulatesAndConvertsBoundsToMilliseconds() {
        Map<Double, double[]> byLe = new HashMap<>();
        byLe.put(Double.POSITIVE_INFINITY, new double[] {100, 7});
        byLe.put(0.1, new double[] {60, 0});
        byLe.put(0.025, new double[] {10, 0});
        byLe.put(1.0, new double[] {95, 7});

        HistogramBuckets b = HistogramBuckets.decumulate(byLe, 1000, 2);

        assertThat(b.boundsMs()).containsExactly(25.0, 100.0, 1000.0);
        assertThat(b.counts()[0]).containsExactly(10, 50, 35, 5);
        assertThat(b.counts()[1]).containsExactly(0, 0, 7, 0);
    }

    @Test
    void roundsExtrapolatedIncreasesAndNeverGoesNegative() {
        // Prometheus extrapolates each bucket separately: 0.5 s ended up a hair below 0.25 s.
        Map<Double, double[]> byLe = Map.of(
                0.25, new double[] {10.4},
                0.5, new double[] {10.2},
                Double.POSITIVE_INFINITY, new double[] {12.6});

        HistogramBuckets b = HistogramBuckets.decumulate(byLe, 1000, 1);

        assertThat(b.counts()[0]).containsExactly(10, 0, 3);
    }

    @Test
    void missingStepCountsAsZeroAndMissingInfLeavesLastColumnEmpty() {
        Map<Double, double[]> byLe = Map.of(0.1, new double[] {Double.NaN, 4}, 0.2, new double[] {Double.NaN, 9});

        HistogramBuckets b = HistogramBuckets.decumulate(byLe, 1000, 2);

        assertThat(b.boundsMs()).containsExactly(100.0, 200.0);
        assertThat(b.counts()[0]).containsExactly(0, 0, 0);
        assertThat(b.counts()[1]).containsExactly(4, 5, 0);
    }

    @Test
    void noBucketsAtAllGiveOneEmptyInfColumn() {
        HistogramBuckets b = HistogramBuckets.decumulate(Map.of(), 1000, 2);

        assertThat(b.boundsMs()).isEmpty();
        assertThat(b.counts()).hasDimensions(2, 1);
    }
}
