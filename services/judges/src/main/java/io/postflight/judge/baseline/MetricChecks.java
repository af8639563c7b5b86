package io.postflight.judge.baseline;

import io.postflight.contracts.Evidence;
import io.postflight.judge.Medians;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.statistics.distribution.BinomialDistribution;

/**
 * Judges one {@link MetricCheck} on its series: a sign test per step ({@link SignEProcess}) of
 * "the candidate is worse than its limit", where the limit is the absolute bound, the control's
 * value in the same step moved by the tolerance, or, without a control, the previous version's
 * median before the deployment moved by the tolerance.
 *
 * <p>The median from the previous window is an estimate: it is replaced by a one-sided confidence
 * bound on it (an order statistic, exact under the binomial law) on the candidate's side, and the
 * check's share of α is split between that bound and the e-process, so that a candidate within its
 * tolerance fails with probability at most its share, however often it is looked at. Steps are
 * assumed exchangeable under the null: a metric with a strong trend of its own (a daily cycle)
 * is compared with a control or given a tolerance wider than its swing over a window. Pure.
 */
final class MetricChecks {

    /**
     * What a check is judged on, cut to the steps the judge may see.
     *
     * @param candidate the candidate's values per step, {@code NaN} where no data
     * @param control the control's values in the same steps, or {@code null} without a control
     * @param reference the previous version's values before the deployment (the window), or
     *     {@code null}; used only without a control and without a bound
     * @param comparison what the candidate is compared with, as the evidence's {@code baseline}
     *     label ({@code control}, {@code previous-window}, {@code bound})
     * @param reference words for the limit's origin in the summary ("previous-window", "its own
     *     share in its first 5 steps")
     * @param required whether too little data keeps the window from passing (a custom check) or
     *     only means the check says nothing (throughput, whose shortfall the traffic check reports)
     * @param failBelowShare when set, an established regression fails only if the candidate's median
     *     is below this share of the reference's; above it, it holds the window (throughput without a
     *     control: a fall in load and a lost share look alike)
     * @param absent neither version has the series at all (before any pooling): the check does not
     *     apply here, which the evidence says; it neither blocks nor passes anything
     */
    record Input(MetricCheck check, double[] candidate, double[] control, double[] reference, String comparison,
                 String referenceWords, boolean required, Double failBelowShare, boolean absent) {
    }

    /** A finding, with why the check cannot support a pass yet ({@code null} when it can). */
    record Result(Finding finding, String tooLittleData) {
    }

    private MetricChecks() {
    }

    /**
     * @param alpha the check's share of the phase's false-alarm budget
     */
    static Result judge(Input in, double alpha) {
        MetricCheck check = in.check();
        if (in.absent()) {
            // Neither version has the series: the check does not apply to this service (or its query
            // names no series); said in the evidence, it neither blocks nor passes anything.
            Evidence e = new Evidence(check.name(), false, check.words() + ": no data for either version, the"
                    + " check does not apply here", Map.of("observedSteps", 0.0), Map.of("baseline", in.comparison(),
                    "direction", check.direction().name().toLowerCase(Locale.ROOT)));
            return new Result(new Finding(false, false, e, null), null);
        }
        int n = in.candidate().length;
        double referenceBound = Double.NaN;
        double testAlpha = alpha;
        int referenceSteps = 0;
        double referenceMedian = Double.NaN;
        if (check.bound() == null && in.control() == null) {
            double[] ref = finite(in.reference());
            referenceSteps = ref.length;
            referenceMedian = Medians.of(ref);
            // Half the share for the bound on the previous version's median, half for the test; a
            // reference too short for a bound at that level is too little data, never its extreme.
            testAlpha = alpha / 2;
            if (ref.length >= check.minSteps()) {
                referenceBound = medianBound(ref, check.direction(), alpha / 2);
            }
        }
        int observed = 0;
        boolean[] worse = new boolean[n];
        double[] seen = new double[n];
        double[] seenLimits = new double[n];
        for (int i = 0; i < n; i++) {
            double x = in.candidate()[i];
            double limit = check.bound() != null ? check.bound()
                    : in.control() != null ? (i < in.control().length && Double.isFinite(in.control()[i])
                            ? check.limit(in.control()[i]) : Double.NaN)
                    : Double.isNaN(referenceBound) ? Double.NaN : check.limit(referenceBound);
            if (!Double.isFinite(x) || !Double.isFinite(limit)) {
                continue;
            }
            worse[observed] = check.direction().worse(x, limit);
            seen[observed] = x;
            seenLimits[observed] = limit;
            observed++;
        }
        double threshold = 1 / testAlpha;
        double logE = SignEProcess.logEValue(worse, observed);
        int worseSteps = 0;
        for (int i = 0; i < observed; i++) {
            worseSteps += worse[i] ? 1 : 0;
        }
        double candidateMedian = Medians.of(Arrays.copyOf(seen, observed));
        double limitMedian = Medians.of(Arrays.copyOf(seenLimits, observed));
        // Practical: the candidate's typical step is beyond its typical limit, not just a run of bad luck.
        boolean practical = observed > 0 && check.direction().worse(candidateMedian, limitMedian);
        boolean significant = logE >= Math.log(threshold);
        boolean established = significant && practical;
        boolean held = false;
        if (established && in.failBelowShare() != null
                && !(candidateMedian < in.failBelowShare() * referenceMedian)) {
            established = false;
            held = true;
        }
        boolean suspected = !established && practical && logE >= 0.5 * Math.log(threshold);
        boolean referenceMissing = check.bound() == null && in.control() == null && Double.isNaN(referenceBound);
        int needed = referenceMissing ? Math.max(check.minSteps(), stepsForBound(alpha / 2)) : check.minSteps();
        String tooLittle = null;
        if (observed < check.minSteps() || referenceMissing) {
            tooLittle = String.format(Locale.ROOT, "too little data for %s: %d candidate step(s)%s with data, %d needed",
                    check.words(), finite(in.candidate()).length, check.bound() == null && in.control() == null
                            ? " and " + referenceSteps + " of the previous version" : "", needed);
        }
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("candidateMedian", candidateMedian);
        f.put("limitMedian", limitMedian);
        f.put("worseSteps", (double) worseSteps);
        f.put("observedSteps", (double) observed);
        f.put("minSteps", (double) check.minSteps());
        f.put("eValue", Math.exp(Math.min(logE, 700)));
        f.put("threshold", threshold);
        if (check.tolerance() != null) {
            f.put("tolerance", check.tolerance());
        }
        if (check.bound() != null) {
            f.put("bound", check.bound());
        }
        if (!Double.isNaN(referenceBound)) {
            f.put("previousMedianBound", referenceBound);
        }
        String state = established ? "regression established"
                : held ? String.format(Locale.ROOT, "a drop beyond chance, held: above %.0f %% of the %s, which"
                        + " without a control a fall in load can explain", 100 * in.failBelowShare(), in.referenceWords())
                : suspected ? "possible regression, not established"
                : observed == 0 ? "no data" : "no regression";
        String summary = String.format(Locale.ROOT, "%s: median %s vs limit %s (%s, %s); %d of %d steps worse: %s",
                check.words(), number(candidateMedian), number(limitMedian), check.rule(in.referenceWords()),
                check.direction().words(), worseSteps, observed, state);
        Evidence e = new Evidence(check.name(), established, summary, f,
                Map.of("baseline", in.comparison(), "direction", check.direction().name().toLowerCase(Locale.ROOT)));
        return new Result(new Finding(established, suspected, e, null), in.required() ? tooLittle : null);
    }

    /** Values a median bound at level {@code alpha} needs: the least n with 2^-n ≤ α. */
    static int stepsForBound(double alpha) {
        return (int) Math.ceil(Math.log(1 / alpha) / Math.log(2));
    }

    static boolean noData(double[] values) {
        return values == null || Arrays.stream(values).noneMatch(Double::isFinite);
    }

    /**
     * A one-sided bound on the median of {@code values} on the candidate's side (above it when
     * higher is worse), wrong with probability at most {@code alpha}: the k-th order statistic with
     * P(Binomial(n, ½) ≥ k) ≤ α; {@code NaN} when n is too small for any (see {@link #stepsForBound}).
     */
    static double medianBound(double[] values, MetricCheck.Direction direction, double alpha) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        BinomialDistribution b = BinomialDistribution.of(n, 0.5);
        int k = -1;
        for (int j = (n + 1) / 2; j <= n; j++) {
            // P(X ≥ j) = P(X > j − 1)
            if (b.survivalProbability(j - 1) <= alpha) {
                k = j;
                break;
            }
        }
        if (k < 0) {
            return Double.NaN;
        }
        return direction == MetricCheck.Direction.HIGHER_IS_WORSE ? sorted[k - 1] : sorted[n - k];
    }

    private static double[] finite(double[] values) {
        return values == null ? new double[0] : Arrays.stream(values).filter(Double::isFinite).toArray();
    }


    /** A figure in the evidence's words: 12, 0.37, 1 240. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "none";
        }
        if (Math.abs(v) >= 100) {
            return EvidenceWords.thousands(Math.round(v));
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.3g", v);
    }
}
