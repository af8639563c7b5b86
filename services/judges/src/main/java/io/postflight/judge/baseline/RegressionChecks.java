package io.postflight.judge.baseline;

import io.postflight.contracts.Evidence;
import io.postflight.judge.DurationWords;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The two statistical checks: error rate, and latency over the whole histogram. Each runs the
 * {@link OddsRatioEProcess} and then asks for practical significance on the same data.
 *
 * <p>Latency is tested at every finite bucket bound b: "the share of requests slower than b is higher
 * on the candidate". Together the bounds cover the whole distribution (a one-sided test of stochastic
 * order on the histogram), so a shift of the body and a fattened tail are both caught, where a p99
 * point would miss the first and a mean would dilute the second. The α of the latency check is split
 * equally over the bounds (Bonferroni).
 */
final class RegressionChecks {

    static final String ERROR_CHECK = "error-rate";
    static final String LATENCY_CHECK = "latency";
    private static final String METHOD = "stratified conditional odds-ratio e-process";

    /** Number of statistical checks sharing α when the phase has no metric checks. */
    static final int CHECKS = 2;

    private RegressionChecks() {
    }

    /**
     * The two tests a check runs on the same counts.
     *
     * @param beyond null "no higher than the tolerance": what establishes a regression (a FAIL), so
     *     that Ville's bound on a false rollback covers rises the policy tolerates
     * @param any null "no higher": its evidence of a rise, with the point estimate beyond the
     *     tolerance, keeps a window from passing (INCONCLUSIVE), so a PASS is never taken while the
     *     data lean towards a regression the tolerance test has not established yet
     */
    record Tests(OddsRatioEProcess beyond, OddsRatioEProcess any) {
        static Tests of(double ratioTolerance) {
            return new Tests(OddsRatioEProcess.beyond(Math.max(1, ratioTolerance)), new OddsRatioEProcess());
        }
    }

    static Finding errorRate(AlignedTraffic a, BaselinePolicy p, Tests tests, int trimSteps) {
        return errorRate(a, p, tests, trimSteps, CHECKS);
    }

    /** @param checks the statistical checks of the phase, this one included, that share α equally */
    static Finding errorRate(AlignedTraffic a, BaselinePolicy p, Tests tests, int trimSteps, int checks) {
        OddsRatioEProcess.Result r = tests.beyond().run(a.candidateErrors, a.candidateRequests,
                a.comparisonErrors, a.comparisonRequests, a.paired, trimSteps);
        double threshold = checks / p.alpha();
        OddsRatioEProcess.Counts k = r.kept();
        boolean practical = practical(k, p.errorRatioTolerance(), p.errorExcessTolerance());
        boolean significant = r.logEValue() >= Math.log(threshold);
        // The test of any rise matters only where it can change the outcome, as for latency below.
        boolean leaning = practical && !significant && tests.any().run(a.candidateErrors, a.candidateRequests,
                a.comparisonErrors, a.comparisonRequests, a.paired, trimSteps).logEValue() >= 0.5 * Math.log(threshold);
        Map<String, Double> f = figures(r, threshold);
        f.put("candidateRate", k.candidateRate());
        f.put("comparisonRate", k.comparisonRate());
        f.put("candidateErrors", (double) k.candidateEvents);
        f.put("comparisonErrors", (double) k.comparisonEvents);
        f.put("candidateRequests", (double) k.candidateTrials);
        f.put("comparisonRequests", (double) k.comparisonTrials);
        f.put("ratioTolerance", p.errorRatioTolerance());
        f.put("excessTolerance", p.errorExcessTolerance());
        putRatio(f, k);
        boolean established = significant && practical;
        // Said in words, with each rate's interval; the e-value stays in the figures for whoever audits.
        String summary = String.format(Locale.ROOT, "error rate %s vs %s %s over %s: %s (tolerance %.2f× and +%.2f points)",
                EvidenceWords.share(k.candidateEvents, k.candidateTrials), a.comparison,
                EvidenceWords.share(k.comparisonEvents, k.comparisonTrials),
                DurationWords.ofSeconds(observedSeconds(a, a.paired, r)),
                verdict(established, significant, practical && leaning),
                p.errorRatioTolerance(), 100 * p.errorExcessTolerance());
        String notShownWithin = null;
        if (p.passNeedsProof()) {
            // On every step: the blip allowance drops the worst steps to keep a FAIL from resting on a
            // burst, which would flatter a PASS.
            WithinTolerance.Bounds within = WithinTolerance.of(r.all(), p.errorRatioTolerance(),
                    p.errorExcessTolerance(), WithinTolerance.z(p.passConfidence()));
            f.put("excessUpper", within.excessUpper());
            f.put("ratioUpper", within.ratioUpper());
            f.put("passConfidence", p.passConfidence());
            notShownWithin = within.shown() ? null : "error rate " + within.words(a.comparison,
                    p.errorRatioTolerance(), p.errorExcessTolerance());
        }
        Evidence e = new Evidence(ERROR_CHECK, established, summary, f, labels(a));
        return new Finding(established, practical && leaning && !established, e, notShownWithin);
    }

    static Finding latency(AlignedTraffic a, BaselinePolicy p, Tests tests, int trimSteps) {
        return latency(a, p, tests, trimSteps, CHECKS);
    }

    /** @param checks the statistical checks of the phase, this one included, that share α equally */
    static Finding latency(AlignedTraffic a, BaselinePolicy p, Tests tests, int trimSteps, int checks) {
        int bounds = a.bounds.length;
        int warmUpSteps = (int) Math.ceil((double) p.warmUp().toSeconds() / a.stepSeconds);
        boolean[] include = new boolean[a.steps];
        long[] n = new long[a.steps];
        long[] m = new long[a.steps];
        for (int i = 0; i < a.steps; i++) {
            include[i] = a.paired[i] && i >= warmUpSteps;
            n[i] = Histograms.total(a.candidateBuckets[i]);
            m[i] = Histograms.total(a.comparisonBuckets[i]);
        }
        double threshold = checks * Math.max(1, bounds) / p.alpha();
        int chosen = -1;
        OddsRatioEProcess.Result chosenResult = null;
        int chosenRank = -1;
        boolean suspected = false;
        String notShownWithin = null;
        double z = p.passNeedsProof() ? WithinTolerance.z(p.passConfidence()) : Double.NaN;
        for (int j = 0; j < bounds; j++) {
            long[] x = new long[a.steps];
            long[] y = new long[a.steps];
            for (int i = 0; i < a.steps; i++) {
                x[i] = Histograms.above(a.candidateBuckets[i], j);
                y[i] = Histograms.above(a.comparisonBuckets[i], j);
            }
            OddsRatioEProcess.Result r = tests.beyond().run(x, n, y, m, include, trimSteps);
            boolean practical = practical(r.kept(), p.latencyRatioTolerance(), p.latencyExcessTolerance());
            boolean significant = r.logEValue() >= Math.log(threshold);
            if (p.passNeedsProof() && notShownWithin == null) {
                // Every bound must be shown within the tolerances (an intersection-union test); the
                // first that is not is named.
                WithinTolerance.Bounds within = WithinTolerance.of(r.all(), p.latencyRatioTolerance(),
                        p.latencyExcessTolerance(), z);
                if (!within.shown()) {
                    notShownWithin = String.format(Locale.ROOT, "share slower than %.0f ms %s", a.bounds[j],
                            within.words(a.comparison, p.latencyRatioTolerance(), p.latencyExcessTolerance()));
                }
            }
            if (practical && !significant && !suspected) {
                suspected = tests.any().run(x, n, y, m, include, trimSteps).logEValue() >= 0.5 * Math.log(threshold);
            }
            // Report the bound that best supports a regression: established first, then practical,
            // then the strongest evidence; with no evidence at all, the bound nearest the p99.
            int rank = significant && practical ? 3 : practical ? 2 : r.logEValue() > 0 ? 1 : 0;
            boolean better = chosenResult == null || rank > chosenRank
                    || (rank == chosenRank && (rank > 0 ? r.logEValue() > chosenResult.logEValue()
                            : tailDistance(r) < tailDistance(chosenResult)));
            if (better) {
                chosen = j;
                chosenResult = r;
                chosenRank = rank;
            }
        }
        boolean established = chosenRank == 3;
        return new Finding(established, suspected && !established,
                latencyEvidence(a, p, include, chosen, chosenResult, threshold, established, suspected), notShownWithin);
    }

    private static Evidence latencyEvidence(AlignedTraffic a, BaselinePolicy p, boolean[] include, int j,
                                            OddsRatioEProcess.Result r, double threshold,
                                            boolean established, boolean suspected) {
        int width = a.bounds.length + 1;
        long[] cand = Histograms.sum(a.candidateBuckets, 0, a.steps, include, width);
        long[] cmp = Histograms.sum(a.comparisonBuckets, 0, a.steps, include, width);
        Map<String, Double> f = new LinkedHashMap<>();
        for (double q : new double[] {0.5, 0.9, 0.99}) {
            String name = "p" + Math.round(q * 100);
            putFinite(f, "candidate" + name.toUpperCase() + "Ms", Histograms.quantile(cand, a.bounds, q));
            putFinite(f, "comparison" + name.toUpperCase() + "Ms", Histograms.quantile(cmp, a.bounds, q));
        }
        if (r == null) {
            return new Evidence(LATENCY_CHECK, false, "no latency histogram to compare", f, labels(a));
        }
        f.putAll(figures(r, threshold));
        OddsRatioEProcess.Counts k = r.kept();
        f.put("boundMs", a.bounds[j]);
        f.put("candidateShareAbove", k.candidateRate());
        f.put("comparisonShareAbove", k.comparisonRate());
        f.put("candidateRequests", (double) k.candidateTrials);
        f.put("comparisonRequests", (double) k.comparisonTrials);
        f.put("ratioTolerance", p.latencyRatioTolerance());
        f.put("excessTolerance", p.latencyExcessTolerance());
        f.put("warmUpSeconds", (double) p.warmUp().toSeconds());
        putRatio(f, k);
        boolean significant = r.logEValue() >= Math.log(threshold);
        String summary = String.format(Locale.ROOT,
                "slower than %.0f ms: %s vs %s %s over %s after a %s warm-up: %s (tolerance %.2f× and +%.2f points)",
                a.bounds[j], EvidenceWords.share(k.candidateEvents, k.candidateTrials), a.comparison,
                EvidenceWords.share(k.comparisonEvents, k.comparisonTrials),
                DurationWords.ofSeconds(observedSeconds(a, include, r)), DurationWords.of(p.warmUp()),
                verdict(established, significant, suspected),
                p.latencyRatioTolerance(), 100 * p.latencyExcessTolerance());
        return new Evidence(LATENCY_CHECK, established, summary, f, labels(a));
    }

    /** How far the comparison's share above a bound is from 1 % (the p99), on a log scale. */
    private static double tailDistance(OddsRatioEProcess.Result r) {
        double share = r.kept().comparisonRate();
        return share > 0 ? Math.abs(Math.log(share / 0.01)) : Double.POSITIVE_INFINITY;
    }

    /** Whether a rise is beyond the tolerances: both the ratio and the excess reached (a FAIL needs it). */
    static boolean practical(OddsRatioEProcess.Counts k, double ratioTolerance, double excessTolerance) {
        double pc = k.candidateRate();
        double pk = k.comparisonRate();
        return pc - pk >= excessTolerance && pc >= ratioTolerance * pk && pc > 0;
    }

    private static Map<String, Double> figures(OddsRatioEProcess.Result r, double threshold) {
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("eValue", Math.exp(Math.min(r.logEValue(), 690)));
        f.put("log10EValue", r.logEValue() / Math.log(10));
        f.put("log10EValueUntrimmed", r.logEValueFull() / Math.log(10));
        f.put("threshold", threshold);
        f.put("oddsRatio", r.bestOddsRatio());
        f.put("droppedSteps", (double) r.droppedSteps().length);
        return f;
    }

    private static void putRatio(Map<String, Double> f, OddsRatioEProcess.Counts k) {
        if (k.comparisonRate() > 0) {
            f.put("rateRatio", k.candidateRate() / k.comparisonRate());
        }
        f.put("excess", k.candidateRate() - k.comparisonRate());
    }

    private static void putFinite(Map<String, Double> f, String key, double v) {
        if (Double.isFinite(v)) {
            f.put(key, v);
        }
    }

    private static Map<String, String> labels(AlignedTraffic a) {
        return Map.of("baseline", a.comparison, "method", METHOD);
    }

    /** What the test concluded, in the words an on-call engineer acts on. */
    private static String verdict(boolean established, boolean significant, boolean leaning) {
        if (established) {
            return "higher beyond the tolerance, shown beyond chance";
        }
        if (significant) {
            return "higher, but within the tolerance";
        }
        return leaning ? "possibly higher beyond the tolerance, not shown yet" : "not shown higher";
    }

    /** The traffic the test's kept statistic rests on: the steps it included and did not trim. */
    private static long observedSeconds(AlignedTraffic a, boolean[] include, OddsRatioEProcess.Result r) {
        int kept = -r.droppedSteps().length;
        for (boolean in : include) {
            kept += in ? 1 : 0;
        }
        return (long) Math.max(0, kept) * a.stepSeconds;
    }
}
