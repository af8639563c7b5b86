package io.postflight.judge.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.junit.jupiter.api.Test;

/** Reference values from scipy.stats.theilslopes, which implements Sen (1968) eq. 2.6. */
class TheilSenTest {

    static final double[] X = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    static final double[] Y = {3.1, 2.9, 3.5, 3.5, 4.0, 3.8, 5.2, 4.9, 4.9, 6.1, 5.8, 7.0};

    @Test
    void slopeInterceptAndIntervalMatchScipyWithTiesInY() {
        double var = MannKendall.test(X, Y).variance();
        TheilSen.Estimate e95 = TheilSen.estimate(X, Y, var, 0.95);
        assertThat(e95.slope()).isCloseTo(0.33333333333333337, within(1e-12));
        assertThat(e95.intercept()).isCloseTo(2.6166666666666667, within(1e-12));
        assertThat(e95.lower()).isCloseTo(0.25, within(1e-12));
        assertThat(e95.upper()).isCloseTo(0.42857142857142855, within(1e-12));
        assertThat(e95.pairs()).isEqualTo(66);
        TheilSen.Estimate e90 = TheilSen.estimate(X, Y, var, 0.90);
        assertThat(e90.lower()).isCloseTo(0.26999999999999996, within(1e-12));
        assertThat(e90.upper()).isCloseTo(0.41999999999999993, within(1e-12));
    }

    @Test
    void oneWildPointDoesNotMoveTheSlope() {
        double[] x = {0.125, 0.375, 0.625, 1.125, 1.375, 1.875, 2.125, 2.375, 2.875, 3.125};
        double[] y = {10, 11, 12.5, 14, 13.5, 17, 18, 50, 21, 22};
        TheilSen.Estimate e = TheilSen.estimate(x, y, 125.0, 0.95);
        assertThat(e.slope()).isEqualTo(4.0);
        assertThat(e.intercept()).isEqualTo(9.0);
        assertThat(e.lower()).isEqualTo(4.0);
        assertThat(e.upper()).isEqualTo(5.0);
        assertThat(e.at(2.0)).isEqualTo(17.0);
    }

    @Test
    void allEqualValuesHaveZeroSlopeAndADegenerateInterval() {
        TheilSen.Estimate e = TheilSen.estimate(new double[] {1, 2, 3, 4}, new double[] {5, 5, 5, 5}, 0, 0.95);
        assertThat(e.slope()).isZero();
        assertThat(e.lower()).isZero();
        assertThat(e.upper()).isZero();
        assertThat(e.intercept()).isEqualTo(5.0);
    }

    @Test
    void fewerThanTwoPointsGiveNaN() {
        assertThat(TheilSen.slope(new double[] {1}, new double[] {2})).isNaN();
        TheilSen.Estimate e = TheilSen.estimate(new double[] {1, 2}, new double[] {2, Double.NaN}, 1, 0.95);
        assertThat(e.slope()).isNaN();
        assertThat(e.pairs()).isZero();
    }

    @Test
    void nanGapsAreSkipped() {
        double[] x = {0, 1, 2, 3, 4};
        assertThat(TheilSen.slope(x, new double[] {0, Double.NaN, 4, 6, Double.NaN})).isEqualTo(2.0);
    }

    @Test
    void quickselectMedianAgreesWithSortingOnTiedAndShuffledData() {
        Random rnd = new Random(42);
        for (int round = 0; round < 500; round++) {
            int n = 1 + rnd.nextInt(60);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = rnd.nextInt(8) - 3; // many ties
            }
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            double expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            double[] copy = v.clone();
            assertThat(TheilSen.median(v)).isEqualTo(expected);
            assertThat(v).containsExactly(copy);
        }
        assertThat(TheilSen.median(new double[0])).isNaN();
    }
    @Test
    void pointsAtTheSameTimeGiveNoSlopeBetweenThem() {
        // (1,1)-(1,5) has no slope; (1,1)-(2,2) is 1 and (1,5)-(2,2) is -3: median -1
        assertThat(TheilSen.slope(new double[] {1, 1, 2}, new double[] {1, 5, 2})).isEqualTo(-1.0);
        assertThat(TheilSen.estimate(new double[] {1, 1, 2}, new double[] {1, 5, 2}, 0, 0.95).pairs()).isEqualTo(2);
    }

    @Test
    void aVeryWideIntervalIsClampedToTheExtremeSlopes() {
        double[] x = {0, 1, 2, 3};
        double[] y = {0, 1, 5, 4};
        TheilSen.Estimate e = TheilSen.estimate(x, y, 1e6, 0.95);
        assertThat(e.lower()).isEqualTo(-1.0); // (5 -> 4)
        assertThat(e.upper()).isEqualTo(4.0); // (1 -> 5)
    }

    @Test
    void theConfidenceMustBeAProbabilityStrictlyBetweenZeroAndOne() {
        double[] x = {0, 1, 2};
        for (double c : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> TheilSen.estimate(x, x, 1, c)).as("" + c)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confidence");
        }
        assertThat(TheilSen.estimate(x, x, 1, 0.5).slope()).isEqualTo(1.0);
    }
}
