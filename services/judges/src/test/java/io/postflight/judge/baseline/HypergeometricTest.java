package io.postflight.judge.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/**
 * The hypergeometric arithmetic against published values and against a second, exact
 * (arbitrary-precision) implementation.
 */
class HypergeometricTest {

    @Test
    void logFactorialMatchesKnownValues() {
        assertThat(Hypergeometric.logFactorial(0)).isEqualTo(0.0);
        assertThat(Hypergeometric.logFactorial(1)).isEqualTo(0.0);
        assertThat(Hypergeometric.logFactorial(10)).isCloseTo(15.104412573075516, within(1e-12));
        // 20! = 2432902008176640000 is the first value on Stirling's branch.
        assertThat(Hypergeometric.logFactorial(20)).isCloseTo(42.335616460753485, within(1e-12));
        assertThat(Hypergeometric.logFactorial(100)).isCloseTo(363.73937555556347, within(1e-10));
        assertThat(Hypergeometric.logFactorial(25)).isCloseTo(exactLog(factorial(25)), within(1e-12));
    }

    @Test
    void centralPmfReproducesFishersTeaTastingExperiment() {
        // Fisher (1935): 8 cups, 4 with milk first, the lady picks 4. P(all 4 right) = 1/70,
        // P(exactly 3 right) = 16/70: the published one-sided p-value of the exact test is 1/70.
        assertThat(Math.exp(Hypergeometric.logCentralPmf(4, 4, 4, 4))).isCloseTo(1.0 / 70, within(1e-15));
        assertThat(Math.exp(Hypergeometric.logCentralPmf(3, 4, 4, 4))).isCloseTo(16.0 / 70, within(1e-15));
        assertThat(Hypergeometric.logCentralPmf(5, 4, 4, 4)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void centralMomentsMatchTheClosedForms() {
        // n=4, m=4, t=4: mean 2, variance 4 * 1/2 * 1/2 * 4/7 = 4/7.
        assertThat(Hypergeometric.centralMean(4, 4, 4)).isEqualTo(2.0);
        assertThat(Hypergeometric.centralVariance(4, 4, 4)).isCloseTo(4.0 / 7, within(1e-15));
        assertThat(Hypergeometric.centralVariance(0, 0, 0)).isEqualTo(0.0);
    }

    @Test
    void meanPowerMatchesExactRationalArithmetic() {
        long[][] cases = {{7, 5, 6}, {1, 1, 1}, {3, 9, 4}, {12, 12, 12}, {30, 2, 3}};
        double[] omegas = {1.25, 3, 1000};
        for (long[] c : cases) {
            for (double omega : omegas) {
                double exact = exactLogMeanPower(c[0], c[1], c[2], omega);
                assertThat(Hypergeometric.logMeanPower(c[0], c[1], c[2], Math.log(omega)))
                        .as("n=%d m=%d t=%d omega=%s", c[0], c[1], c[2], omega)
                        .isCloseTo(exact, within(1e-10));
            }
        }
    }

    @Test
    void prunedSumAgreesWithFullSummationOnLargeCounts() {
        // Second implementation: log-sum-exp over the whole support, no pruning, no recurrences.
        long n = 5000;
        long m = 7000;
        long t = 3100;
        for (double omega : new double[] {1.25, 2, 30, 1000}) {
            assertThat(Hypergeometric.logMeanPower(n, m, t, Math.log(omega)))
                    .isCloseTo(fullSumLogMeanPower(n, m, t, omega), within(1e-7));
        }
    }

    @Test
    void likelihoodRatioHasExpectationOneUnderTheNull() {
        // The property that makes the product over steps a martingale: E_1[LR] = 1 exactly.
        long[][] cases = {{10, 10, 5}, {3, 40, 7}, {25, 8, 20}, {1, 1, 1}, {50, 50, 100}};
        for (long[] c : cases) {
            for (double omega : OddsRatioEProcess.DEFAULT_ODDS_GRID) {
                double expectation = 0;
                for (long k = Hypergeometric.lower(c[0], c[1], c[2]); k <= Hypergeometric.upper(c[0], c[1], c[2]); k++) {
                    expectation += Math.exp(Hypergeometric.logCentralPmf(k, c[0], c[1], c[2])
                            + Hypergeometric.logLikelihoodRatio(k, c[0], c[1], c[2], Math.log(omega)));
                }
                assertThat(expectation).isCloseTo(1.0, within(1e-9));
            }
        }
    }

    @Test
    void oneSampleEachSideGivesTheHandComputedRatio() {
        // n = m = t = 1: K is 0 or 1 with probability 1/2; at odds ratio w, P_w(1) = w/(1+w),
        // so the likelihood ratio of K = 1 is 2w/(1+w) and of K = 0 is 2/(1+w).
        double w = 3;
        assertThat(Math.exp(Hypergeometric.logLikelihoodRatio(1, 1, 1, 1, Math.log(w)))).isCloseTo(1.5, within(1e-12));
        assertThat(Math.exp(Hypergeometric.logLikelihoodRatio(0, 1, 1, 1, Math.log(w)))).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void degenerateTablesCarryNoEvidence() {
        // No events, or every request an event: the candidate's share is fixed, the ratio is 1.
        assertThat(Hypergeometric.logLikelihoodRatio(0, 100, 100, 0, Math.log(10))).isEqualTo(0.0);
        assertThat(Hypergeometric.logLikelihoodRatio(100, 100, 100, 200, Math.log(10))).isCloseTo(0.0, within(1e-12));
        assertThat(Hypergeometric.logLikelihoodRatios(0, 5, 0, 0, new double[] {1, 2})).containsExactly(0.0, 0.0);
    }

    private static double exactLogMeanPower(long n, long m, long t, double omega) {
        MathContext mc = MathContext.DECIMAL128;
        BigDecimal w = new BigDecimal(omega);
        BigDecimal num = BigDecimal.ZERO;
        BigDecimal den = BigDecimal.ZERO;
        for (long k = Math.max(0, t - m); k <= Math.min(n, t); k++) {
            BigDecimal weight = new BigDecimal(choose(n, k).multiply(choose(m, t - k)));
            num = num.add(weight.multiply(w.pow((int) k, mc), mc), mc);
            den = den.add(weight, mc);
        }
        return Math.log(num.divide(den, mc).doubleValue());
    }

    private static double fullSumLogMeanPower(long n, long m, long t, double omega) {
        long lo = Math.max(0, t - m);
        long hi = Math.min(n, t);
        double[] a = new double[(int) (hi - lo + 1)];
        double[] b = new double[a.length];
        for (long k = lo; k <= hi; k++) {
            double base = Hypergeometric.logChoose(n, k) + Hypergeometric.logChoose(m, t - k);
            a[(int) (k - lo)] = base + k * Math.log(omega);
            b[(int) (k - lo)] = base;
        }
        return logSumExp(a) - logSumExp(b);
    }

    private static double logSumExp(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        double s = 0;
        for (double x : v) {
            s += Math.exp(x - max);
        }
        return max + Math.log(s);
    }

    private static BigInteger choose(long n, long k) {
        return factorial(n).divide(factorial(k).multiply(factorial(n - k)));
    }

    private static BigInteger factorial(long n) {
        BigInteger f = BigInteger.ONE;
        for (long i = 2; i <= n; i++) {
            f = f.multiply(BigInteger.valueOf(i));
        }
        return f;
    }

    private static double exactLog(BigInteger v) {
        return Math.log(new BigDecimal(v).doubleValue());
    }
}
