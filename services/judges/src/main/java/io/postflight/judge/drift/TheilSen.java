package io.postflight.judge.drift;

import io.postflight.judge.Medians;

import java.util.Arrays;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The Theil-Sen slope (Theil 1950; Sen 1968): the median of the slopes between every pair of
 * points, with Sen's distribution-free confidence interval. It ignores up to 29 % of wild points,
 * which is why a stray GC pause or scrape hiccup does not move it.
 *
 * <p>The interval follows Sen (1968, eq. 2.6) as scipy's {@code theilslopes} implements it: with
 * N pairwise slopes sorted ascending and {@code C = z * sqrt(Var S)}, the bounds are the slopes of
 * (0-based) rank {@code rint((N - C)/2) - 1} and {@code rint((N + C)/2)}, clamped to the range.
 * The variance of S is passed in so the caller can use the serial-correlation-corrected one of
 * {@link MannKendall}; an interval built from the plain variance would be too narrow for
 * correlated samples.
 */
public final class TheilSen {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private TheilSen() {
    }

    /**
     * A fitted line with its slope's confidence interval.
     *
     * @param slope median pairwise slope (y units per x unit); NaN with fewer than two distinct x
     * @param intercept {@code median(y) - slope * median(x)}
     * @param lower lower confidence bound of the slope
     * @param upper upper confidence bound of the slope
     * @param pairs number of pairwise slopes the median was taken over
     */
    public record Estimate(double slope, double intercept, double lower, double upper, int pairs) {

        /** The fitted line at {@code x}. */
        public double at(double x) {
            return intercept + slope * x;
        }
    }

    /** The median pairwise slope alone (no interval), skipping NaN points. */
    public static double slope(double[] x, double[] y) {
        double[][] p = MannKendall.finitePairs(x, y);
        double[] slopes = pairwiseSlopes(p[0], p[1]);
        return slopes.length == 0 ? Double.NaN : median(slopes);
    }

    /**
     * Slope, intercept and a {@code confidence} (e.g. 0.95) two-sided interval whose width uses
     * {@code varianceOfS}, the variance of the Mann-Kendall S of the same points.
     */
    public static Estimate estimate(double[] x, double[] y, double varianceOfS, double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1): " + confidence);
        }
        double[][] p = MannKendall.finitePairs(x, y);
        double[] slopes = pairwiseSlopes(p[0], p[1]);
        int n = slopes.length;
        if (n == 0) {
            return new Estimate(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        Arrays.sort(slopes);
        double slope = median(slopes);
        double intercept = median(p[1]) - slope * median(p[0]);
        double z = STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
        double c = z * Math.sqrt(Math.max(0, varianceOfS));
        int upperIndex = (int) Math.min(Math.rint((n + c) / 2.0), n - 1);
        int lowerIndex = (int) Math.max(Math.rint((n - c) / 2.0) - 1, 0);
        return new Estimate(slope, intercept, slopes[lowerIndex], slopes[upperIndex], n);
    }

    private static double[] pairwiseSlopes(double[] x, double[] y) {
        int n = x.length;
        double[] out = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n - 1; i++) {
            for (int j = i + 1; j < n; j++) {
                if (x[j] != x[i]) {
                    out[k++] = (y[j] - y[i]) / (x[j] - x[i]);
                }
            }
        }
        return Arrays.copyOf(out, k);
    }

    /** Median of the values; NaN for none ({@link Medians#of}). */
    static double median(double[] v) {
        return Medians.of(v);
    }
}
