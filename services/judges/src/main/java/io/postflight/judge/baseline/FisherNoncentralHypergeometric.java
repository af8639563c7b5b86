package io.postflight.judge.baseline;

import org.apache.commons.statistics.distribution.HypergeometricDistribution;

/**
 * Fisher's noncentral hypergeometric distribution of one step, as needed by the conditional
 * two-sample test of {@link OddsRatioEProcess}: the likelihood ratio of the candidate's event count
 * at an odds ratio ω against ω = 1.
 *
 * <p>Setting: in one step the candidate served {@code n} requests, the comparison {@code m}, and
 * {@code t} of the {@code n + m} requests were "events" (failed, or slower than a latency bound).
 * Given {@code t}, the number {@code K} of events that fell on the candidate is hypergeometric when
 * both versions have the same event probability, whatever that probability is; when the odds of an
 * event are {@code ω} times higher on the candidate, {@code K} follows Fisher's noncentral
 * hypergeometric distribution, {@code P_ω(k) = P_1(k) ω^k / E_1[ω^K]}. Conditioning on {@code t}
 * removes the unknown event probability (the nuisance parameter), which is what makes the test exact.
 *
 * <p>The central distribution {@code P_1} is Commons Statistics' {@link HypergeometricDistribution}
 * (support, moments, log-probabilities). The library has no noncentral distribution, so the
 * normalising constant {@code E_1[ω^K]} is summed here: outward from the mode of the tilted terms,
 * stopping once they fall below {@code 1e-18} of the total, so a step with thousands of events costs a
 * few hundred operations, not thousands. The library's distribution takes {@code int} counts; a step
 * of more than {@link Integer#MAX_VALUE} requests is rejected.
 */
final class FisherNoncentralHypergeometric {

    private static final double NEGLIGIBLE = 1e-18;

    private final long n;
    private final long m;
    private final long t;
    private final HypergeometricDistribution central;
    private final long lo;
    private final long hi;

    /**
     * One step's table.
     *
     * @param n candidate requests
     * @param m comparison requests ({@code n + m} at least 1)
     * @param t events among the {@code n + m} requests
     */
    FisherNoncentralHypergeometric(long n, long m, long t) {
        this.n = n;
        this.m = m;
        this.t = t;
        this.central = central(n, m, t);
        this.lo = central.getSupportLowerBound();
        this.hi = central.getSupportUpperBound();
    }

    /**
     * The distribution of {@code K} when both versions have the same event odds: {@code n} draws
     * (the candidate's requests) from {@code n + m} requests of which {@code t} are events.
     */
    static HypergeometricDistribution central(long n, long m, long t) {
        return HypergeometricDistribution.of(count(n + m), count(t), count(n));
    }

    /** The central ({@code ω = 1}) distribution of this step. */
    HypergeometricDistribution central() {
        return central;
    }

    /**
     * {@code log E_1[ω^K]}, the log of the normalising constant of Fisher's noncentral
     * hypergeometric distribution relative to the central one. The log-likelihood ratio of an
     * observed {@code k} at odds ratio {@code ω} against {@code ω = 1} is
     * {@code k·log ω - logMeanPower(log ω)}.
     */
    double logMeanPower(double logOmega) {
        if (lo >= hi) {
            return lo * logOmega;
        }
        return logSumTilted(logOmega) - logSumTilted(0.0);
    }

    /** Log-likelihood ratio of {@code x} candidate events at odds ratio {@code e^logOmega} vs 1. */
    double logLikelihoodRatio(long x, double logOmega) {
        return x * logOmega - logMeanPower(logOmega);
    }

    /**
     * Log-likelihood ratios of {@code x} at each of several odds ratios against 1, sharing the central
     * normalising constant.
     */
    double[] logLikelihoodRatios(long x, double[] logOmegas) {
        double[] out = new double[logOmegas.length];
        if (lo >= hi) {
            return out;
        }
        // Summed like the tilted ones rather than taken as 0: the ratios then have expectation 1
        // under exactly the distribution that was summed, pruning and rounding included.
        double centralSum = logSumTilted(0.0);
        for (int g = 0; g < logOmegas.length; g++) {
            out[g] = x * logOmegas[g] - (logSumTilted(logOmegas[g]) - centralSum);
        }
        return out;
    }

    /** {@code log Σ_k P_1(k) e^(k·c)} over the support, summed outward from the mode. */
    private double logSumTilted(double c) {
        long mode = tiltedMode(c);
        double omega = Math.exp(c);
        double sum = 1.0;
        double term = 1.0;
        for (long k = mode; k < hi; k++) {
            term *= ratio(k) * omega;
            sum += term;
            if (term < NEGLIGIBLE * sum) {
                break;
            }
        }
        term = 1.0;
        for (long k = mode; k > lo; k--) {
            term /= ratio(k - 1) * omega;
            sum += term;
            if (term < NEGLIGIBLE * sum) {
                break;
            }
        }
        return central.logProbability((int) mode) + mode * c + Math.log(sum);
    }

    /** {@code P_1(k+1) / P_1(k) = C(n,k+1)C(m,t-k-1) / (C(n,k)C(m,t-k))}, decreasing in k (log-concavity). */
    private double ratio(long k) {
        return ((double) (n - k) * (t - k)) / ((double) (k + 1) * (m - t + k + 1));
    }

    /** {@code log[P_1(k+1) / P_1(k)]}. */
    private double logRatio(long k) {
        return Math.log((double) (n - k) * (t - k)) - Math.log((double) (k + 1) * (m - t + k + 1));
    }

    /** The mode of the tilted terms: a root of the quadratic as a start, then a walk uphill. */
    private long tiltedMode(double c) {
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
        while (k < hi && logRatio(k) + c > 0) {
            k++;
        }
        while (k > lo && logRatio(k - 1) + c < 0) {
            k--;
        }
        return k;
    }

    private static int count(long value) {
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("request count out of range for one step: " + value);
        }
        return (int) value;
    }
}
