package io.postflight.judge.baseline;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.commons.statistics.distribution.HypergeometricDistribution;

/**
 * An anytime-valid test that the candidate's odds of an "event" (a failed request, or a request
 * slower than a latency bound) are higher than the comparison's by more than a tolerated odds ratio
 * ω0 (1: any higher), from per-step counts.
 *
 * <p>Each step is a stratum. Conditional on the step's total events {@code t_i}, the candidate's
 * share {@code x_i} is Fisher noncentral hypergeometric with the odds ratio of the two versions in
 * that step, whatever the event probability itself (blips and load ramps that hit both cancel out).
 * The product over steps of the likelihood ratios {@code P_ω(x_i) / P_ω0(x_i)} at a fixed ω > ω0 is
 * a nonnegative martingale with mean 1 when the odds ratio is ω0, and a supermartingale when it is
 * below (monotone likelihood ratio); the equal-weight mixture over a grid of ω is too. By Ville's inequality the probability that it <em>ever</em> exceeds {@code 1/α} is at
 * most α, so the judge may look after every step without inflating false alarms.
 *
 * <p>Blip allowance: the judge also recomputes the statistic without the {@code trim} steps with the
 * largest standardised excess, and reports the smaller of the two. The minimum of an e-process and
 * anything is still bounded by the e-process, so validity is kept; the trimmed version only adds the
 * practical requirement that the evidence survive dropping the worst moment.
 */
final class OddsRatioEProcess {

    /** Default odds-ratio grid of the mixture: from subtle (1.25×) to outright failure (1000×). */
    static final double[] DEFAULT_ODDS_GRID = {1.25, 1.5, 2, 3, 5, 10, 30, 100, 1000};

    private static final int MEMO_LIMIT = 50_000;

    /** The alternatives' log odds ratios (each the null's times a grid factor), then the null's last. */
    private final double[] logOdds;
    private final double logNullOdds;
    private final Map<StepCounts, double[]> memo = new ConcurrentHashMap<>();

    /**
     * @param oddsGrid factors above the null's odds ratio that the mixture's alternatives sit at
     * @param nullOdds the largest odds ratio the null admits: 1 tests "no higher", the tolerance
     *     tests "no higher than the tolerance allows", so that a difference inside the tolerance
     *     builds no evidence and Ville's bound covers it too
     */
    OddsRatioEProcess(double[] oddsGrid, double nullOdds) {
        if (oddsGrid.length == 0) {
            throw new IllegalArgumentException("empty odds grid");
        }
        if (!(nullOdds >= 1) || Double.isInfinite(nullOdds)) {
            throw new IllegalArgumentException("the null's odds ratio must be at least 1: " + nullOdds);
        }
        logNullOdds = Math.log(nullOdds);
        double[] alternatives = Arrays.stream(oddsGrid).peek(o -> {
            if (!(o > 1)) {
                throw new IllegalArgumentException("odds ratios of the alternative must exceed 1: " + o);
            }
        }).map(o -> Math.log(o) + logNullOdds).toArray();
        logOdds = Arrays.copyOf(alternatives, alternatives.length + 1);
        logOdds[alternatives.length] = logNullOdds;
    }

    OddsRatioEProcess(double[] oddsGrid) {
        this(oddsGrid, 1);
    }

    OddsRatioEProcess() {
        this(DEFAULT_ODDS_GRID);
    }

    /** The test of "no higher than {@code nullOdds}" with the default grid above it. */
    static OddsRatioEProcess beyond(double nullOdds) {
        return new OddsRatioEProcess(DEFAULT_ODDS_GRID, nullOdds);
    }

    /**
     * Runs the test over the given strata.
     *
     * @param x candidate events per step
     * @param n candidate trials per step
     * @param y comparison events per step
     * @param m comparison trials per step
     * @param include whether a step takes part (both sides observed, past warm-up, ...)
     * @param trim how many of the worst steps the trimmed statistic drops (the blip allowance)
     */
    Result run(long[] x, long[] n, long[] y, long[] m, boolean[] include, int trim) {
        int steps = x.length;
        int grid = logOdds.length - 1;
        double[][] stepLogLr = new double[steps][];
        double[] excess = new double[steps];
        double[] full = new double[grid];
        Counts all = new Counts();
        for (int i = 0; i < steps; i++) {
            excess[i] = Double.NEGATIVE_INFINITY;
            if (!include[i] || n[i] <= 0 || m[i] <= 0) {
                continue;
            }
            all.add(x[i], n[i], y[i], m[i]);
            HypergeometricDistribution central = FisherNoncentralHypergeometric.central(n[i], m[i], x[i] + y[i]);
            double var = central.getVariance();
            if (var <= 0) {
                continue;
            }
            excess[i] = (x[i] - central.getMean()) / Math.sqrt(var);
            stepLogLr[i] = stepLogLikelihoodRatios(x[i], n[i], y[i], m[i]);
            for (int g = 0; g < grid; g++) {
                full[g] += stepLogLr[i][g];
            }
        }
        int[] dropped = IntStream.range(0, steps).boxed()
                .filter(i -> excess[i] > 0)
                .sorted(Comparator.comparingDouble((Integer i) -> excess[i]).reversed())
                .limit(Math.max(0, trim)).mapToInt(Integer::intValue).sorted().toArray();
        // Summed over the kept steps rather than "full minus dropped": when every informative step is
        // dropped, the trimmed statistic is then exactly log 1 = 0, not a rounding residue whose sign
        // would decide whether RegressionChecks sees evidence.
        boolean[] isDropped = new boolean[steps];
        Counts kept = all.copy();
        for (int i : dropped) {
            isDropped[i] = true;
            kept.remove(x[i], n[i], y[i], m[i]);
        }
        double[] trimmed = new double[grid];
        for (int i = 0; i < steps; i++) {
            if (stepLogLr[i] != null && !isDropped[i]) {
                for (int g = 0; g < grid; g++) {
                    trimmed[g] += stepLogLr[i][g];
                }
            }
        }
        double logFull = logMeanExp(full);
        double logTrimmed = logMeanExp(trimmed);
        int best = 0;
        for (int g = 1; g < grid; g++) {
            if (trimmed[g] > trimmed[best]) {
                best = g;
            }
        }
        // When no grid odds ratio beats the null's, the best estimate is at most the null's.
        double bestOdds = trimmed[best] > 0 ? Math.exp(logOdds[best]) : Math.exp(logNullOdds);
        return new Result(Math.min(logFull, logTrimmed), logFull, logTrimmed, bestOdds, dropped, all, kept);
    }

    /**
     * The per-step log-likelihood ratios at each grid odds ratio. They depend on the four counts only,
     * so they are memoised: a judge that looks again after every step would otherwise recompute every
     * earlier step each time. The memo changes no result; it is bounded and safe to share.
     */
    private double[] stepLogLikelihoodRatios(long x, long n, long y, long m) {
        StepCounts key = new StepCounts(x, n, y, m);
        double[] cached = memo.get(key);
        if (cached != null) {
            return cached;
        }
        // log P_ω(x) / P_ω0(x) = log P_ω(x) / P_1(x) − log P_ω0(x) / P_1(x), ω0 the null's odds ratio.
        double[] vsCentral = new FisherNoncentralHypergeometric(n, m, x + y).logLikelihoodRatios(x, logOdds);
        int grid = logOdds.length - 1;
        double[] computed = new double[grid];
        for (int g = 0; g < grid; g++) {
            computed[g] = vsCentral[g] - vsCentral[grid];
        }
        if (memo.size() >= MEMO_LIMIT) {
            memo.clear();
        }
        memo.put(key, computed);
        return computed;
    }

    private record StepCounts(long x, long n, long y, long m) {
    }

    private static double logMeanExp(double[] values) {
        double max = Arrays.stream(values).max().orElse(0);
        double sum = Arrays.stream(values).map(v -> Math.exp(v - max)).sum();
        return max + Math.log(sum / values.length);
    }

    /** Event and trial totals of both sides over a set of steps. */
    static final class Counts {
        long candidateEvents;
        long candidateTrials;
        long comparisonEvents;
        long comparisonTrials;

        void add(long x, long n, long y, long m) {
            candidateEvents += x;
            candidateTrials += n;
            comparisonEvents += y;
            comparisonTrials += m;
        }

        void remove(long x, long n, long y, long m) {
            add(-x, -n, -y, -m);
        }

        Counts copy() {
            Counts c = new Counts();
            c.add(candidateEvents, candidateTrials, comparisonEvents, comparisonTrials);
            return c;
        }

        double candidateRate() {
            return candidateTrials == 0 ? 0 : (double) candidateEvents / candidateTrials;
        }

        double comparisonRate() {
            return comparisonTrials == 0 ? 0 : (double) comparisonEvents / comparisonTrials;
        }
    }

    /**
     * Outcome of one run.
     *
     * @param logEValue natural log of the reported e-value: the smaller of full and trimmed
     * @param logEValueFull log e-value over every included step
     * @param logEValueTrimmed log e-value without the dropped steps
     * @param bestOddsRatio the grid odds ratio with the highest trimmed likelihood (effect size), or 1
     *     when none is more likely than no change
     * @param droppedSteps indices of the steps the trimmed statistic left out
     * @param all totals over every included step
     * @param kept totals over the included steps that were not dropped
     */
    record Result(double logEValue, double logEValueFull, double logEValueTrimmed, double bestOddsRatio,
                  int[] droppedSteps, Counts all, Counts kept) {

        double eValue() {
            return Math.exp(Math.min(logEValue, 700));
        }
    }
}
