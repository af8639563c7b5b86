package io.postflight.benchmarks.canary;

import java.util.Arrays;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The Mann-Whitney U test (Wilcoxon rank-sum) and the confidence interval of the location shift
 * that goes with it (Hodges-Lehmann estimate; Hollander & Wolfe, Nonparametric Statistical Methods,
 * ch. 4), as Kayenta's judge uses them.
 *
 * <p>For samples of at most {@value #EXACT_LIMIT} each the interval uses the exact null
 * distribution of U; above, the normal approximation (its quantile from Commons Statistics). Ties
 * are kept as they are (mid-ranks for U; the interval is read off the ordered pairwise differences
 * either way).
 */
public final class MannWhitney {

    /** Largest sample size for which the exact distribution is used, as in R's {@code wilcox.test}. */
    static final int EXACT_LIMIT = 50;

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private MannWhitney() {
    }

    /**
     * Shift estimate and confidence interval for "x minus y".
     *
     * @param estimate Hodges-Lehmann estimate: median of all pairwise differences
     * @param lower lower confidence bound ({@code -Infinity} when the samples are too small)
     * @param upper upper confidence bound ({@code +Infinity} when the samples are too small)
     */
    public record ShiftInterval(double estimate, double lower, double upper) {
    }

    /** U of x: pairs (x_i, y_j) with x_i > y_j, ties counting one half; from mid-ranks. */
    public static double u(double[] x, double[] y) {
        int m = x.length;
        int n = y.length;
        double[] all = new double[m + n];
        System.arraycopy(x, 0, all, 0, m);
        System.arraycopy(y, 0, all, m, n);
        double[] sorted = all.clone();
        Arrays.sort(sorted);
        double rankSum = 0;
        for (double v : x) {
            int first = lowerBound(sorted, v);
            int last = upperBound(sorted, v);
            rankSum += (first + last + 2) / 2.0; // mid-rank, 1-based
        }
        return rankSum - m * (m + 1) / 2.0;
    }

    /**
     * Number of arrangements of m x's and n y's with each value of U (no ties): the coefficients
     * of the Gaussian binomial {@code [m+n choose m]_q}, built as
     * {@code Π_{i=1..m} (1 - q^(n+i)) / (1 - q^i)}.
     */
    static double[] nullCounts(int m, int n) {
        int max = m * n;
        double[] c = new double[max + 1];
        c[0] = 1;
        for (int i = 1; i <= m; i++) {
            for (int k = max; k >= n + i; k--) {
                c[k] -= c[k - n - i];
            }
            for (int k = i; k <= max; k++) {
                c[k] += c[k - i];
            }
        }
        return c;
    }

    /** Largest u with {@code P(U <= u) <= alpha / 2} under the null, or -1 when there is none. */
    public static int criticalValue(int m, int n, double twoSidedAlpha) {
        double[] counts = nullCounts(m, n);
        // C(m+n, m) directly: summing the counts would add the rounding of the large middle ones.
        double total = 1;
        for (int i = 1; i <= m; i++) {
            total = total * (n + i) / i;
        }
        double cumulative = 0;
        int u = -1;
        for (int k = 0; k < counts.length; k++) {
            cumulative += counts[k];
            if (cumulative / total > twoSidedAlpha / 2) {
                break;
            }
            u = k;
        }
        return u;
    }

    /** The shift of x relative to y with its two-sided confidence interval. */
    public static ShiftInterval shift(double[] x, double[] y, double confidence) {
        int m = x.length;
        int n = y.length;
        double[] d = new double[m * n];
        int p = 0;
        for (double xi : x) {
            for (double yj : y) {
                d[p++] = xi - yj;
            }
        }
        Arrays.sort(d);
        int total = d.length;
        double estimate = total % 2 == 1 ? d[total / 2] : (d[total / 2 - 1] + d[total / 2]) / 2;
        double alpha = 1 - confidence;
        int k; // the interval is [d_(k), d_(N+1-k)], 1-based
        if (m <= EXACT_LIMIT && n <= EXACT_LIMIT) {
            k = criticalValue(m, n, alpha) + 1;
        } else {
            double z = STANDARD_NORMAL.inverseCumulativeProbability(1 - alpha / 2);
            k = (int) Math.floor(total / 2.0 - z * Math.sqrt(m * (double) n * (m + n + 1) / 12.0));
        }
        if (k < 1) {
            return new ShiftInterval(estimate, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
        return new ShiftInterval(estimate, d[k - 1], d[total - k]);
    }

    private static int lowerBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] a, double v) {
        return lowerBound(a, Math.nextUp(v)) - 1;
    }
}
