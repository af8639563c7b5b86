package io.postflight.judge.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.apache.commons.statistics.distribution.HypergeometricDistribution;
import org.junit.jupiter.api.Test;

/**
 * The step's hypergeometric arithmetic against published values, values computed independently
 * (scipy's {@code nchypergeom_fisher} and {@code hypergeom}, mpmath at 60 digits) and an exact
 * (arbitrary-precision) implementation.
 */
class FisherNoncentralHypergeometricTest {

    @Test
    void centralDistributionReproducesFishersTeaTastingExperiment() {
        // Fisher (1935): 8 cups, 4 with milk first, the lady picks 4. P(all 4 right) = 1/70,
        // P(exactly 3 right) = 16/70: the published one-sided p-value of the exact test is 1/70.
        HypergeometricDistribution tea = FisherNoncentralHypergeometric.central(4, 4, 4);
        assertThat(tea.probability(4)).isCloseTo(1.0 / 70, within(1e-15));
        assertThat(tea.probability(3)).isCloseTo(16.0 / 70, within(1e-15));
        assertThat(tea.logProbability(5)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void centralDistributionDrawsTheCandidatesRequests() {
        // K = candidate events: n = 120 candidate requests drawn from 420 holding t = 25 events.
        HypergeometricDistribution k = FisherNoncentralHypergeometric.central(120, 300, 25);
        assertThat(k.probability(14)).isCloseTo(0.0020803883314353677, within(1e-17));
        assertThat(k.getSupportLowerBound()).isZero();
        assertThat(k.getSupportUpperBound()).isEqualTo(25);
        // n=4, m=4, t=4: mean 2, variance 4 * 1/2 * 1/2 * 4/7 = 4/7.
        assertThat(FisherNoncentralHypergeometric.central(4, 4, 4).getMean()).isEqualTo(2.0);
        assertThat(FisherNoncentralHypergeometric.central(4, 4, 4).getVariance()).isCloseTo(4.0 / 7, within(1e-15));
        assertThat(FisherNoncentralHypergeometric.central(3, 9, 0).getVariance()).isEqualTo(0.0);
    }

    @Test
    void likelihoodRatioMatchesScipysNoncentralOverCentralPmf() {
        // log(nchypergeom_fisher.pmf(k, n+m, n, t, w) / hypergeom.pmf(k, n+m, n, t)), confirmed with mpmath.
        double[][] cases = {
            {120, 300, 25, 14, 1.25, 1.4071190959330244},
            {120, 300, 25, 14, 3, 4.317151519866017},
            {120, 300, 25, 14, 100, -18.14200985502628},
            {40, 40, 10, 2, 1.25, -0.7245019455071694},
            {40, 40, 10, 2, 3, -4.588019075039779},
            {40, 40, 10, 2, 100, -29.39748822429663},
        };
        for (double[] c : cases) {
            var step = new FisherNoncentralHypergeometric((long) c[0], (long) c[1], (long) c[2]);
            assertThat(step.logLikelihoodRatio((long) c[3], Math.log(c[4])))
                    .as("n=%s m=%s t=%s k=%s omega=%s", c[0], c[1], c[2], c[3], c[4])
                    .isCloseTo(c[5], within(1e-11));
        }
    }

    @Test
    void meanPowerMatchesExactRationalArithmetic() {
        long[][] cases = {{7, 5, 6}, {1, 1, 1}, {3, 9, 4}, {12, 12, 12}, {30, 2, 3}};
        double[] omegas = {1.25, 3, 1000};
        for (long[] c : cases) {
            for (double omega : omegas) {
                double exact = exactLogMeanPower(c[0], c[1], c[2], omega);
                assertThat(new FisherNoncentralHypergeometric(c[0], c[1], c[2]).logMeanPower(Math.log(omega)))
                        .as("n=%d m=%d t=%d omega=%s", c[0], c[1], c[2], omega)
                        .isCloseTo(exact, within(1e-10));
            }
        }
    }

    @Test
    void prunedSumMatchesHighPrecisionValuesOnLargeCounts() {
        // log E_1[w^K] for n=5000, m=7000, t=3100 summed over the whole support with mpmath (60 digits).
        var step = new FisherNoncentralHypergeometric(5000, 7000, 3100);
        double[][] expected = {{1.25, 302.21220922388037}, {2, 1030.9291688246036}, {30, 7336.313967520257},
            {1000, 17890.370688967655}};
        for (double[] e : expected) {
            assertThat(step.logMeanPower(Math.log(e[0]))).as("omega=%s", e[0]).isCloseTo(e[1], within(1e-7));
        }
    }

    @Test
    void likelihoodRatioHasExpectationOneUnderTheNull() {
        // The property that makes the product over steps a martingale: E_1[LR] = 1 exactly.
        long[][] cases = {{10, 10, 5}, {3, 40, 7}, {25, 8, 20}, {1, 1, 1}, {50, 50, 100}};
        for (long[] c : cases) {
            var step = new FisherNoncentralHypergeometric(c[0], c[1], c[2]);
            HypergeometricDistribution central = step.central();
            for (double omega : OddsRatioEProcess.DEFAULT_ODDS_GRID) {
                double expectation = 0;
                for (int k = central.getSupportLowerBound(); k <= central.getSupportUpperBound(); k++) {
                    expectation += central.probability(k) * Math.exp(step.logLikelihoodRatio(k, Math.log(omega)));
                }
                assertThat(expectation).isCloseTo(1.0, within(1e-9));
            }
        }
    }

    @Test
    void gridRatiosEqualTheSingleRatios() {
        var step = new FisherNoncentralHypergeometric(120, 300, 25);
        double[] logOmegas = {Math.log(1.25), Math.log(3), Math.log(100)};
        double[] grid = step.logLikelihoodRatios(14, logOmegas);
        for (int g = 0; g < logOmegas.length; g++) {
            assertThat(grid[g]).isCloseTo(step.logLikelihoodRatio(14, logOmegas[g]), within(1e-12));
        }
    }

    @Test
    void oneSampleEachSideGivesTheHandComputedRatio() {
        // n = m = t = 1: K is 0 or 1 with probability 1/2; at odds ratio w, P_w(1) = w/(1+w),
        // so the likelihood ratio of K = 1 is 2w/(1+w) and of K = 0 is 2/(1+w).
        double w = 3;
        var step = new FisherNoncentralHypergeometric(1, 1, 1);
        assertThat(Math.exp(step.logLikelihoodRatio(1, Math.log(w)))).isCloseTo(1.5, within(1e-12));
        assertThat(Math.exp(step.logLikelihoodRatio(0, Math.log(w)))).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void degenerateTablesCarryNoEvidence() {
        // No events, or every request an event: the candidate's share is fixed, the ratio is 1.
        assertThat(new FisherNoncentralHypergeometric(100, 100, 0).logLikelihoodRatio(0, Math.log(10))).isEqualTo(0.0);
        assertThat(new FisherNoncentralHypergeometric(100, 100, 200).logLikelihoodRatio(100, Math.log(10)))
                .isCloseTo(0.0, within(1e-12));
        assertThat(new FisherNoncentralHypergeometric(5, 0, 0).logLikelihoodRatios(0, new double[] {1, 2}))
                .containsExactly(0.0, 0.0);
    }

    @Test
    void stepsBeyondTheLibrarysIntRangeAreRejected() {
        assertThatThrownBy(() -> new FisherNoncentralHypergeometric(3_000_000_000L, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3000000001");
        // The largest count the library takes is accepted, one more is not; a negative count is refused.
        assertThat(new FisherNoncentralHypergeometric(Integer.MAX_VALUE, 0, 0).logMeanPower(Math.log(10)))
                .isEqualTo(0.0);
        assertThatThrownBy(() -> new FisherNoncentralHypergeometric(Integer.MAX_VALUE, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2147483648");
        assertThatThrownBy(() -> new FisherNoncentralHypergeometric(5, 5, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(": -1");
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
}
