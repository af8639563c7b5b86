package io.postflight.judge.baseline;

/**
 * The hypergeometric distribution and Fisher's noncentral hypergeometric distribution, as needed by
 * the conditional two-sample test of {@link OddsRatioEProcess}.
 *
 * <p>Setting: in one step the candidate served {@code n} requests, the comparison {@code m}, and
 * {@code t} of the {@code n + m} requests were "events" (failed, or slower than a latency bound).
 * Given {@code t}, the number {@code K} of events that fell on the candidate is hypergeometric when
 * both versions have the same event probability, whatever that probability is; when the odds of an
 * event are {@code ω} times higher on the candidate, {@code K} follows Fisher's noncentral
 * hypergeometric distribution, {@code P_ω(k) ∝ C(n,k) C(m,t-k) ω^k}. Conditioning on {@code t}
 * removes the unknown event probability (the nuisance parameter), which is what makes the test exact.
 *
 * <p>Sums run outward from the mode and stop once terms fall below {@code 1e-18} of the total, so a
 * step with thousands of events costs a few hundred operations, not thousands.
 */
final class Hypergeometric {

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
    private static final double NEGLIGIBLE = 1e-18;

    private Hypergeometric() {
    }

    /** Smallest value {@code K} can take. */
    static long lower(long n, long m, long t) {
        return Math.max(0, t - m);
    }

    /** Largest value {@code K} can take. */
    static long upper(long n, long m, long t) {
        return Math.min(n, t);
    }

    /** Mean of {@code K} under the central (ω = 1) distribution. */
    static double centralMean(long n, long m, long t) {
        long total = n + m;
        return total == 0 ? 0 : (double) t * n / total;
    }

    /** Variance of {@code K} under the central (ω = 1) distribution. */
    static double centralVariance(long n, long m, long t) {
        double total = n + m;
        if (total <= 1) {
            return 0;
        }
        return t * (n / total) * (m / total) * (total - t) / (total - 1);
    }

    /** {@code log P_1(K = k)}: the central hypergeometric log-probability, computed directly. */
    static double logCentralPmf(long k, long n, long m, long t) {
        if (k < lower(n, m, t) || k > upper(n, m, t)) {
            return Double.NEGATIVE_INFINITY;
        }
        return logChoose(n, k) + logChoose(m, t - k) - logChoose(n + m, t);
    }

    /**
     * {@code log E_1[ω^K]}, the log of the normalising constant of Fisher's noncentral
     * hypergeometric distribution relative to the central one. The log-likelihood ratio of an
     * observed {@code k} at odds ratio {@code ω} against {@code ω = 1} is
     * {@code k·log ω - logMeanPower(n, m, t, log ω)}.
     */
    static double logMeanPower(long n, long m, long t, double logOmega) {
        long lo = lower(n, m, t);
        long hi = upper(n, m, t);
        if (lo >= hi) {
            return lo * logOmega;
        }
        return logSumTilted(n, m, t, logOmega, lo, hi) - logSumTilted(n, m, t, 0.0, lo, hi);
    }

    /** Log-likelihood ratio of {@code x} candidate events at odds ratio {@code e^logOmega} vs 1. */
    static double logLikelihoodRatio(long x, long n, long m, long t, double logOmega) {
        return x * logOmega - logMeanPower(n, m, t, logOmega);
    }

    /**
     * Log-likelihood ratios of {@code x} at each of several odds ratios against 1, sharing the central
     * normalising constant.
     */
    static double[] logLikelihoodRatios(long x, long n, long m, long t, double[] logOmegas) {
        double[] out = new double[logOmegas.length];
        long lo = lower(n, m, t);
        long hi = upper(n, m, t);
        if (lo >= hi) {
            return out;
        }
        double central = logSumTilted(n, m, t, 0.0, lo, hi);
        for (int g = 0; g < logOmegas.length; g++) {
            out[g] = x * logOmegas[g] - (logSumTilted(n, m, t, logOmegas[g], lo, hi) - central);
        }
        return out;
    }

    /** {@code log Σ_k C(n,k) C(m,t-k) e^(k·c)} over the support, summed outward from the mode. */
    private static double logSumTilted(long n, long m, long t, double c, long lo, long hi) {
        long mode = tiltedMode(n, m, t, c, lo, hi);
        double omega = Math.exp(c);
        double sum = 1.0;
        double term = 1.0;
        for (long k = mode; k < hi; k++) {
            term *= ratio(n, m, t, k) * omega;
            sum += term;
            if (term < NEGLIGIBLE * sum) {
                break;
            }
        }
        term = 1.0;
        for (long k = mode; k > lo; k--) {
            term /= ratio(n, m, t, k - 1) * omega;
            sum += term;
            if (term < NEGLIGIBLE * sum) {
                break;
            }
        }
        return logChoose(n, mode) + logChoose(m, t - mode) + mode * c + Math.log(sum);
    }

    /** {@code C(n,k+1)C(m,t-k-1) / (C(n,k)C(m,t-k))}, decreasing in k (log-concavity). */
    private static double ratio(long n, long m, long t, long k) {
        return ((double) (n - k) * (t - k)) / ((double) (k + 1) * (m - t + k + 1));
    }

    /** {@code log[C(n,k+1)C(m,t-k-1) / (C(n,k)C(m,t-k))]}, decreasing in k (log-concavity). */
    private static double logRatio(long n, long m, long t, long k) {
        return Math.log((double) (n - k) * (t - k)) - Math.log((double) (k + 1) * (m - t + k + 1));
    }

    /** The mode of the tilted terms: a root of the quadratic as a start, then a walk uphill. */
    private static long tiltedMode(long n, long m, long t, double c, long lo, long hi) {
        double omega = Math.exp(c);
        double a = omega - 1;
        double b = -(omega * (n + t) + (m - t + 2));
        double cc = omega * n * (double) t - (m - t + 1);
        double root;
        if (Math.abs(a) < 1e-12) {
            root = -cc / b;
        } else {
            double disc = Math.max(0, b * b - 4 * a * cc);
            // The smaller root in magnitude, computed without cancellation.
            double q = -0.5 * (b + Math.copySign(Math.sqrt(disc), b));
            double r1 = q / a;
            double r2 = cc / q;
            root = (r1 >= lo - 1 && r1 <= hi + 1) ? r1 : r2;
        }
        long k = Double.isFinite(root) ? Math.max(lo, Math.min(hi, (long) Math.floor(root))) : lo;
        while (k < hi && logRatio(n, m, t, k) + c > 0) {
            k++;
        }
        while (k > lo && logRatio(n, m, t, k - 1) + c < 0) {
            k--;
        }
        return k;
    }

    /** {@code log C(n, k)}. */
    static double logChoose(long n, long k) {
        if (k < 0 || k > n) {
            return Double.NEGATIVE_INFINITY;
        }
        return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
    }

    /** {@code log(n!)}: exact summation below 20, Stirling's series (error below 1e-13) above. */
    static double logFactorial(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative factorial: " + n);
        }
        if (n < 20) {
            double s = 0;
            for (int i = 2; i <= n; i++) {
                s += Math.log(i);
            }
            return s;
        }
        double x = n + 1.0;
        double inv = 1.0 / x;
        double inv2 = inv * inv;
        double series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
        return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series;
    }
}
