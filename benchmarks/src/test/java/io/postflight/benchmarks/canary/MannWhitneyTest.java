package io.postflight.benchmarks.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Mann-Whitney U against published critical values and brute-force second implementations. */
class MannWhitneyTest {

    @Test
    void uCountsPairsWithTiesAsHalves() {
        double[] x = {1, 2, 2, 5};
        double[] y = {2, 3, 0};
        assertThat(MannWhitney.u(x, y)).isEqualTo(bruteForceU(x, y));
        // By hand: 1 beats 0 (1); each 2 beats 0 and ties 2 (1.5 each); 5 beats all three (3).
        assertThat(MannWhitney.u(x, y)).isEqualTo(7.0);
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            double[] a = rnd.ints(1 + rnd.nextInt(20), 0, 6).asDoubleStream().toArray();
            double[] b = rnd.ints(1 + rnd.nextInt(20), 0, 6).asDoubleStream().toArray();
            assertThat(MannWhitney.u(a, b)).isEqualTo(bruteForceU(a, b));
        }
    }

    @Test
    void allTiedAndSingleObservations() {
        assertThat(MannWhitney.u(new double[] {0, 0, 0}, new double[] {0, 0})).isEqualTo(3.0);
        assertThat(MannWhitney.u(new double[] {1}, new double[] {0})).isEqualTo(1.0);
        MannWhitney.ShiftInterval zeros = MannWhitney.shift(new double[] {0, 0, 0}, new double[] {0, 0, 0, 0}, 0.98);
        assertThat(zeros.estimate()).isZero();
        // 3 and 4 observations cannot reach 98 %: no finite interval.
        assertThat(zeros.lower()).isEqualTo(Double.NEGATIVE_INFINITY);
        MannWhitney.ShiftInterval one = MannWhitney.shift(new double[] {5}, new double[] {2}, 0.98);
        assertThat(one.estimate()).isEqualTo(3.0);
        assertThat(one.upper()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void nullDistributionMatchesEnumerationOfEveryArrangement() {
        for (int[] size : new int[][] {{1, 1}, {2, 3}, {4, 5}, {6, 3}, {5, 5}}) {
            int m = size[0];
            int n = size[1];
            double[] expected = new double[m * n + 1];
            // Every choice of m positions out of m+n for the x's; U = pairs (x above y).
            for (int mask = 0; mask < 1 << (m + n); mask++) {
                if (Integer.bitCount(mask) != m) {
                    continue;
                }
                int u = 0;
                int ysBelow = 0;
                for (int pos = 0; pos < m + n; pos++) {
                    if ((mask & (1 << pos)) != 0) {
                        u += ysBelow;
                    } else {
                        ysBelow++;
                    }
                }
                expected[u]++;
            }
            assertThat(MannWhitney.nullCounts(m, n)).as("m=%d n=%d", m, n).containsExactly(expected);
        }
    }

    @Test
    void criticalValuesMatchThePublishedTable() {
        // Two-sided alpha = 0.05, the usual printed table of Mann-Whitney critical values.
        assertThat(MannWhitney.criticalValue(5, 5, 0.05)).isEqualTo(2);
        assertThat(MannWhitney.criticalValue(8, 8, 0.05)).isEqualTo(13);
        assertThat(MannWhitney.criticalValue(10, 10, 0.05)).isEqualTo(23);
        assertThat(MannWhitney.criticalValue(20, 20, 0.05)).isEqualTo(127);
        // Two-sided 0.02 (one-sided 0.01), the level of Kayenta's 98 % interval.
        assertThat(MannWhitney.criticalValue(10, 10, 0.02)).isEqualTo(19);
        // Too small to ever reject.
        assertThat(MannWhitney.criticalValue(2, 2, 0.05)).isEqualTo(-1);
    }

    @Test
    void hodgesLehmannEstimateIsTheMedianPairwiseDifference() {
        // Differences of {3,5} minus {1,2}: 2, 1, 4, 3 -> median 2.5.
        assertThat(MannWhitney.shift(new double[] {3, 5}, new double[] {1, 2}, 0.5).estimate()).isEqualTo(2.5);
    }

    @Test
    void exactIntervalIsTheSetOfShiftsTheTestAccepts() {
        // Second implementation: invert the exact test over a grid of shifts between the
        // pairwise differences; the accepted shifts must be exactly those inside the interval.
        SplittableRandom rnd = new SplittableRandom(11);
        double[] x = rnd.doubles(12, 0, 10).toArray();
        double[] y = rnd.doubles(9, 2, 12).toArray();
        double alpha = 0.05;
        MannWhitney.ShiftInterval ci = MannWhitney.shift(x, y, 1 - alpha);
        int c = MannWhitney.criticalValue(x.length, y.length, alpha);
        int total = x.length * y.length;
        double[] d = differences(x, y);
        for (int i = 0; i + 1 < d.length; i++) {
            double delta = (d[i] + d[i + 1]) / 2;
            double u = MannWhitney.u(shifted(x, -delta), y);
            boolean accepted = u > c && u < total - c;
            assertThat(accepted).as("shift %s", delta).isEqualTo(delta > ci.lower() && delta < ci.upper());
        }
    }

    @Test
    void largeSamplesUseTheNormalApproximation() {
        // 60 vs 60 draws from the same distribution shifted by 1: the 98 % interval covers 1.
        SplittableRandom rnd = new SplittableRandom(5);
        double[] y = rnd.doubles(60).map(v -> 10 * v).toArray();
        double[] x = Arrays.stream(rnd.doubles(60).map(v -> 10 * v).toArray()).map(v -> v + 1).toArray();
        MannWhitney.ShiftInterval ci = MannWhitney.shift(x, y, 0.98);
        assertThat(ci.lower()).isLessThan(1.0);
        assertThat(ci.upper()).isGreaterThan(1.0);
        assertThat(ci.upper() - ci.lower()).isBetween(1.0, 6.0);
    }

    @Test
    void normalApproximationReadsTheIntervalAtTheTabulatedRank() {
        // 60 vs 60, 98 %: k = floor(3600/2 - z_0.99 * sqrt(60 * 60 * 121 / 12)) with z_0.99 = 2.326348
        // from tables: floor(1800 - 443.23) = 1356, so the interval is [d_(1356), d_(2245)], 1-based.
        SplittableRandom rnd = new SplittableRandom(7);
        double[] x = rnd.doubles(60).toArray();
        double[] y = rnd.doubles(60).toArray();
        double[] d = differences(x, y);
        MannWhitney.ShiftInterval ci = MannWhitney.shift(x, y, 0.98);
        assertThat(ci.lower()).isEqualTo(d[1356 - 1]);
        assertThat(ci.upper()).isEqualTo(d[3600 - 1356]);
    }

    private static double bruteForceU(double[] x, double[] y) {
        double u = 0;
        for (double a : x) {
            for (double b : y) {
                u += a > b ? 1 : a == b ? 0.5 : 0;
            }
        }
        return u;
    }

    private static double[] differences(double[] x, double[] y) {
        double[] d = new double[x.length * y.length];
        int k = 0;
        for (double a : x) {
            for (double b : y) {
                d[k++] = a - b;
            }
        }
        Arrays.sort(d);
        return d;
    }

    private static double[] shifted(double[] x, double by) {
        return Arrays.stream(x).map(v -> v + by).toArray();
    }
}
