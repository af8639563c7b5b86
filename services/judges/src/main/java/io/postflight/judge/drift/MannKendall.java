package io.postflight.judge.drift;

import java.util.Arrays;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The Mann-Kendall test for a monotone trend (Mann 1945; Kendall 1975), with the tie correction
 * of the variance of S and, optionally, the Hamed &amp; Rao (1998) correction for serial
 * correlation.
 *
 * <p>S counts, over every pair of observations in time order, +1 when the later one is larger
 * and -1 when smaller. Under "no trend" S is centred on 0 with variance
 * {@code [n(n-1)(2n+5) - sum t(t-1)(2t+5)] / 18}, the sum running over groups of t tied values.
 * Z applies the usual continuity correction ({@code (S-1)/sigma} for S &gt; 0). Gauges sampled
 * every few minutes are serially correlated, which makes the plain test too eager; Hamed &amp;
 * Rao inflate the variance by {@code 1 + 2/(n(n-1)(n-2)) sum (n-k)(n-k-1)(n-k-2) rho_k}, with
 * {@code rho_k} the lag-k autocorrelation of the ranks of the series detrended by Sen's slope,
 * keeping only lags significant at 5 %. Postflight never lets that factor shrink the variance
 * (see {@link Result#appliedFactor()}): negative short-lag estimates from a few dozen blocks are
 * too noisy to make the test bolder on.
 *
 * <p>Observations whose x or y is NaN are skipped, so a gap in the data is a missing point, not
 * a zero.
 */
public final class MannKendall {

    /** Two-sided 5 % normal quantile: Hamed &amp; Rao keep only autocorrelations beyond it / sqrt(n). */
    private static final double RHO_SIGNIFICANCE_Z = 1.959963984540054;

    /** Null distribution of Z; accurate far into the tail, where Bonferroni-corrected looks decide. */
    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private MannKendall() {
    }

    /**
     * One test's figures.
     *
     * @param n observations used (NaN skipped)
     * @param s the Mann-Kendall statistic
     * @param variance variance of S under no trend, tie-corrected
     * @param autocorrelationFactor Hamed &amp; Rao's n/n*, 1 when not computed
     * @param correctedVariance {@code variance * appliedFactor()}
     * @param z the normal score of S, continuity-corrected; 0 when the variance is 0
     * @param pUpper one-sided p-value for an upward trend, P(Z &ge; z)
     * @param covariateCorrelation for the partial test, the correlation of the series' and the
     *     covariate's Mann-Kendall statistics under no trend; NaN for the plain test
     */
    public record Result(int n, double s, double variance, double autocorrelationFactor,
                         double correctedVariance, double z, double pUpper, double covariateCorrelation) {

        /** The factor actually applied: never below 1. */
        public double appliedFactor() {
            return Math.max(1.0, autocorrelationFactor);
        }
    }

    /** Tie-corrected test without the serial-correlation correction. */
    public static Result test(double[] x, double[] y) {
        double[][] p = finitePairs(x, y);
        return result(p[1], 1.0);
    }

    /**
     * Tie-corrected test with the Hamed &amp; Rao correction; {@code senSlope} is the slope the
     * series is detrended by before its ranks' autocorrelation is measured (Sen's, as in the paper).
     */
    public static Result testCorrected(double[] x, double[] y, double senSlope) {
        double[][] p = finitePairs(x, y);
        return result(p[1], hamedRaoFactor(p[0], p[1], senSlope));
    }

    /** Hamed &amp; Rao's variance factor n/n* for the (finite) series; 1 when n &lt; 3. */
    static double hamedRaoFactor(double[] x, double[] y, double slope) {
        int n = y.length;
        if (n < 3) {
            return 1.0;
        }
        double[] detrended = new double[n];
        for (int i = 0; i < n; i++) {
            detrended[i] = y[i] - slope * x[i];
        }
        double[] r = averageRanks(detrended);
        double mean = (n + 1) / 2.0;
        double denominator = 0;
        for (double v : r) {
            denominator += (v - mean) * (v - mean);
        }
        if (denominator == 0) {
            return 1.0;
        }
        double limit = RHO_SIGNIFICANCE_Z / Math.sqrt(n);
        double sum = 0;
        for (int k = 1; k < n - 2; k++) {
            double num = 0;
            for (int i = 0; i + k < n; i++) {
                num += (r[i] - mean) * (r[i + k] - mean);
            }
            double rho = num / denominator;
            if (Math.abs(rho) > limit) {
                sum += (double) (n - k) * (n - k - 1) * (n - k - 2) * rho;
            }
        }
        return 1.0 + 2.0 / ((double) n * (n - 1) * (n - 2)) * sum;
    }

    private static Result result(double[] y, double factor) {
        int n = y.length;
        long s = 0;
        for (int i = 0; i < n - 1; i++) {
            for (int j = i + 1; j < n; j++) {
                s += y[j] > y[i] ? 1 : (y[j] < y[i] ? -1 : 0);
            }
        }
        double variance = (n * (n - 1.0) * (2.0 * n + 5.0) - tieTerm(y)) / 18.0;
        double corrected = variance * Math.max(1.0, factor);
        double z = 0;
        if (corrected > 0 && s != 0) {
            z = (s - Math.signum(s)) / Math.sqrt(corrected);
        }
        return new Result(n, s, variance, factor, corrected, z, STANDARD_NORMAL.survivalProbability(z), Double.NaN);
    }

    /**
     * The partial Mann-Kendall test of Libiseller &amp; Grimvall (2002): a trend in {@code y}
     * beyond what its co-movement with {@code covariate} explains. With {@code S_y}, {@code S_c}
     * the two Mann-Kendall statistics, {@code K} the sum of sgn((y_j - y_i)(c_j - c_i)) over
     * i &lt; j, R the ranks and {@code V = n(n-1)(2n+5)/18}: {@code sigma = (K + 4 sum R_y R_c -
     * n(n+1)^2) / 3}, {@code rho = sigma / V}, the statistic is {@code S_y - rho S_c} with
     * variance {@code (1 - rho^2) V}, scaled here by {@code factor} (at least 1) for serial
     * correlation. As in the reference implementation (pyMannKendall), no tie or continuity
     * correction. Triples with any NaN are skipped.
     */
    public static Result testPartial(double[] x, double[] y, double[] covariate, double factor) {
        if (covariate.length != y.length) {
            throw new IllegalArgumentException("y and covariate differ in length");
        }
        double[] masked = y.clone();
        for (int i = 0; i < masked.length; i++) {
            if (!Double.isFinite(covariate[i])) {
                masked[i] = Double.NaN;
            }
        }
        double[][] p = finitePairs(x, masked);
        double[][] q = finitePairs(x, maskedBy(covariate, masked));
        double[] ys = p[1];
        double[] cs = q[1];
        int n = ys.length;
        double v = n * (n - 1.0) * (2.0 * n + 5.0) / 18.0;
        if (n < 2 || v == 0) {
            return new Result(n, 0, 0, factor, 0, 0, STANDARD_NORMAL.survivalProbability(0), Double.NaN);
        }
        double sy = 0;
        double sc = 0;
        double k = 0;
        for (int i = 0; i < n - 1; i++) {
            for (int j = i + 1; j < n; j++) {
                double dy = Math.signum(ys[j] - ys[i]);
                double dc = Math.signum(cs[j] - cs[i]);
                sy += dy;
                sc += dc;
                k += dy * dc;
            }
        }
        double[] ry = averageRanks(ys);
        double[] rc = averageRanks(cs);
        double rr = 0;
        for (int i = 0; i < n; i++) {
            rr += ry[i] * rc[i];
        }
        double sigma = (k + 4 * rr - n * (n + 1.0) * (n + 1.0)) / 3.0;
        double rho = sigma / v;
        double s = sy - rho * sc;
        double variance = (1 - rho * rho) * v;
        double corrected = variance * Math.max(1.0, factor);
        double z = corrected > 0 ? s / Math.sqrt(corrected) : 0;
        return new Result(n, s, variance, factor, corrected, z, STANDARD_NORMAL.survivalProbability(z), rho);
    }

    private static double[] maskedBy(double[] values, double[] mask) {
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            if (!Double.isFinite(mask[i])) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }

    /** sum over tie groups of t(t-1)(2t+5). */
    private static double tieTerm(double[] y) {
        double[] sorted = y.clone();
        Arrays.sort(sorted);
        double sum = 0;
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[i]) {
                j++;
            }
            double t = j - i + 1;
            sum += t * (t - 1) * (2 * t + 5);
            i = j + 1;
        }
        return sum;
    }

    /** Ranks 1..n, ties sharing the average of the ranks they span. */
    static double[] averageRanks(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1.0;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = rank;
            }
            i = j + 1;
        }
        return ranks;
    }

    /** The (x, y) pairs with both finite, in their original order: {xs, ys}. */
    static double[][] finitePairs(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                n++;
            }
        }
        double[] xs = new double[n];
        double[] ys = new double[n];
        int k = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                xs[k] = x[i];
                ys[k++] = y[i];
            }
        }
        return new double[][] {xs, ys};
    }
}
