package io.postflight.judge.baseline;

import java.util.Locale;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The evidence a PASS needs: that the candidate's rate is within the tolerance, shown by an upper
 * confidence bound rather than assumed from the absence of a regression.
 *
 * <p>"Within tolerance" is the complement of what a FAIL needs: a FAIL needs the rate both above
 * {@code ratioTolerance} times the comparison's and more than {@code excessTolerance} above it, so the
 * candidate is within tolerance when either its excess or its ratio is shown under its tolerance.
 * Each is a one-sided upper confidence bound, at 1 − (1 − c)/2 for the policy's
 * {@code passConfidence} c (either may show it, so each gets half the error): the Agresti–Caffo
 * interval of a difference of two proportions (one success and one failure added to each side,
 * good coverage at the small counts of rare errors) and the Katz interval of a ratio of two
 * proportions on the log scale (0.5 added to each count). A check over several histogram bounds
 * passes when every bound is shown within tolerance: an intersection–union test, so no
 * multiplicity correction is needed for it to keep its level (Berger 1982). The counts are pooled
 * over the window's steps as binomial: errors that come in bursts make the bounds too narrow.
 */
final class WithinTolerance {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private WithinTolerance() {
    }

    /**
     * The bounds of one comparison.
     *
     * @param excessUpper upper confidence bound of candidate rate minus comparison rate
     * @param ratioUpper upper confidence bound of candidate rate over comparison rate
     * @param shown whether either is under its tolerance
     */
    record Bounds(double excessUpper, double ratioUpper, boolean shown) {

        /**
         * "may be up to +0.17 points and 1.52× the control's (within means under +0.10 points or
         * under 1.50×)": what the data do not yet rule out, against what would show it.
         */
        String words(String comparison, double ratioTolerance, double excessTolerance) {
            return String.format(Locale.ROOT, "may be up to %+.2f points and %.2f× the %s's (within means under"
                    + " %+.2f points or under %.2f×)", 100 * excessUpper, ratioUpper, comparison,
                    100 * excessTolerance, ratioTolerance);
        }
    }

    /**
     * @param z the one-sided normal quantile of each bound ({@link #z(double)}; 1.28 for 80 % overall)
     */
    static Bounds of(long candidateEvents, long candidateTrials, long comparisonEvents, long comparisonTrials,
                     double ratioTolerance, double excessTolerance, double z) {
        if (candidateTrials <= 0 || comparisonTrials <= 0) {
            // Nothing observed on a side shows nothing (the formulas would give a ratio of exactly 1).
            return new Bounds(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, false);
        }
        double pc = (candidateEvents + 1.0) / (candidateTrials + 2.0);
        double pk = (comparisonEvents + 1.0) / (comparisonTrials + 2.0);
        double excessUpper = pc - pk + z * Math.sqrt(pc * (1 - pc) / (candidateTrials + 2.0)
                + pk * (1 - pk) / (comparisonTrials + 2.0));
        double xc = candidateEvents + 0.5;
        double nc = candidateTrials + 0.5;
        double xk = comparisonEvents + 0.5;
        double nk = comparisonTrials + 0.5;
        double logRatio = Math.log(xc / nc) - Math.log(xk / nk);
        double se = Math.sqrt(Math.max(0, 1 / xc - 1 / nc + 1 / xk - 1 / nk));
        double ratioUpper = Math.exp(logRatio + z * se);
        boolean shown = excessUpper < excessTolerance || ratioUpper < ratioTolerance;
        return new Bounds(excessUpper, ratioUpper, shown);
    }

    /** {@link #of(long, long, long, long, double, double, double)} of the counts a test ran on. */
    static Bounds of(OddsRatioEProcess.Counts c, double ratioTolerance, double excessTolerance, double z) {
        return of(c.candidateEvents, c.candidateTrials, c.comparisonEvents, c.comparisonTrials, ratioTolerance,
                excessTolerance, z);
    }

    /**
     * The one-sided normal quantile each of the two bounds is taken at for an overall
     * {@code confidence}: either bound alone may show it, so each gets half the error
     * (1 − (1 − c)/2, Bonferroni), and a candidate beyond both tolerances passes with probability
     * at most 1 − c. Without the split that probability reached 2(1 − c).
     */
    static double z(double confidence) {
        return STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
    }
}
