package io.postflight.judge.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference values from scipy.stats.norm (sf, ppf), computed independently of this code. */
class NormalDistributionTest {

    @Test
    void upperTailMatchesScipyToSevenSignificantDigitsFarIntoTheTail() {
        double[][] cases = {
            {0.0, 0.5},
            {1.0, 0.15865525393145707},
            {1.959963984540054, 0.025},
            {3.0, 0.0013498980316300933},
            {3.9, 4.8096344017602614e-05},
            {5.0, 2.866515718791933e-07},
            {8.0, 6.22096057427174e-16},
            {-2.5, 0.9937903346742238},
        };
        for (double[] c : cases) {
            assertThat(NormalDistribution.upperTail(c[0])).as("Q(%s)", c[0]).isCloseTo(c[1], within(c[1] * 2e-7));
            assertThat(NormalDistribution.cdf(-c[0])).as("cdf(-%s)", c[0]).isCloseTo(c[1], within(c[1] * 2e-7));
        }
    }

    @Test
    void quantileMatchesScipy() {
        double[][] cases = {
            {0.5, 0.0},
            {0.975, 1.959963984540054},
            {0.995, 2.5758293035489004},
            {0.9999625468164794, 3.960138308271391},
            {1e-06, -4.753424308822899},
            {0.01, -2.3263478740408408},
        };
        for (double[] c : cases) {
            assertThat(NormalDistribution.quantile(c[0])).as("ppf(%s)", c[0]).isCloseTo(c[1], within(1e-7));
        }
    }

    @Test
    void quantileRejectsProbabilitiesOutsideTheOpenInterval() {
        assertThatThrownBy(() -> NormalDistribution.quantile(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NormalDistribution.quantile(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NormalDistribution.quantile(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
