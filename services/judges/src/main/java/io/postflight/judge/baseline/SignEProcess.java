package io.postflight.judge.baseline;

/**
 * An anytime-valid sign test: the e-process of a bettor who, at each step, stakes a fixed fraction
 * on "this step is worse than its limit", under the null that a step is worse with probability at
 * most one half (the candidate's median within its limit).
 *
 * <p>For a bet λ in [0, 2), {@code Π (1 + λ (W_t − ½))} is a nonnegative supermartingale under the
 * null, whatever the steps' distribution, so by Ville's inequality it exceeds {@code 1/α} with
 * probability at most α at any time, however often it is looked at. An average of such processes is
 * one too; averaging over a few bets makes the test quick on a clear shift (a large bet) and
 * patient on a mild one (a small bet) without choosing in advance. A step at its limit exactly
 * counts as not worse, which only makes the test more cautious. Pure.
 */
final class SignEProcess {
    private static final double[] BETS = {0.25, 0.5, 1.0, 1.5, 1.9};

    private SignEProcess() {
    }

    /** The natural log of the e-value after {@code worse.length} steps (true: the step was worse). */
    static double logEValue(boolean[] worse, int count) {
        double[] logs = new double[BETS.length];
        for (int i = 0; i < count; i++) {
            for (int b = 0; b < BETS.length; b++) {
                logs[b] += Math.log1p(BETS[b] * (worse[i] ? 0.5 : -0.5));
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logs) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (double l : logs) {
            sum += Math.exp(l - max);
        }
        return max + Math.log(sum / BETS.length);
    }
}
