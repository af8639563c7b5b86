package io.postflight.judge.baseline;

import io.postflight.contracts.Evidence;
import io.postflight.judge.DurationWords;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The default hard triggers, kept as guards next to the statistical tests: an error rate more than
 * 5 points above the comparison's, sustained, within the first 5 minutes; and a p99 more than twice
 * the comparison's, sustained, after warm-up. Checks are one minute long (as in Flagger) and a
 * breach is "sustained" after two failed checks in a row.
 *
 * <p>Both compare against the comparison rather than an absolute level, so an incident that hits
 * the control as hard as the candidate (a shared blip) does not trip them, and a service whose
 * normal error rate is already above 5 % is not rolled back for being itself.
 */
final class HardTriggers {

    static final String ERROR_CHECK = "hard-trigger:error-rate";
    static final String LATENCY_CHECK = "hard-trigger:latency-p99";
    private static final double P99 = 0.99;
    /** A p99 estimate needs enough requests to have some above it. */
    private static final int P99_REQUEST_FACTOR = 10;

    private HardTriggers() {
    }

    /**
     * What the guards check: their thresholds, how long one check is, how many failed checks in a
     * row fire them, and how many requests a check needs to count.
     */
    record Settings(double errorExcess, Duration errorPeriod, double latencyFactor, Duration latencyWarmUp,
                    Duration checkInterval, int consecutiveChecks, long minRequests) {

        /** The guards as the statistical looks run them: one-minute checks. */
        static Settings of(BaselinePolicy p) {
            return new Settings(p.hardErrorExcess(), p.hardErrorPeriod(), p.hardLatencyFactor(), p.warmUp(),
                    p.hardCheckInterval(), p.hardConsecutiveChecks(), p.hardMinRequests());
        }
    }

    /** The error-rate guard: evidence whose {@code breached} says whether it fired. */
    static Evidence errorRate(AlignedTraffic a, BaselinePolicy p) {
        return errorRate(a, Settings.of(p));
    }

    /** The p99 guard: evidence whose {@code breached} says whether it fired. */
    static Evidence latencyP99(AlignedTraffic a, BaselinePolicy p) {
        return latencyP99(a, Settings.of(p));
    }

    /** The error-rate guard with the given settings. */
    static Evidence errorRate(AlignedTraffic a, Settings p) {
        int checkSteps = checkSteps(a, p);
        boolean concurrent = AlignedTraffic.CONTROL.equals(a.comparison);
        // Only the previous window is a fixed reference level; a control is compared minute by minute.
        double referenceRate = concurrent ? 0 : rate(a.comparisonSeries.errors(), a.comparisonSeries.requests());
        int run = 0;
        int checks = 0;
        double worst = Double.NEGATIVE_INFINITY;
        long firedAt = -1;
        for (int c = 0; (c + 1) * checkSteps <= a.steps; c++) {
            long end = (long) (c + 1) * checkSteps * a.stepSeconds;
            if (end > p.errorPeriod().toSeconds()) {
                break;
            }
            long req = 0;
            long err = 0;
            long cmpReq = 0;
            long cmpErr = 0;
            for (int i = c * checkSteps; i < (c + 1) * checkSteps; i++) {
                req += a.candidateRequests[i];
                err += a.candidateErrors[i];
                cmpReq += a.comparisonRequests[i];
                cmpErr += a.comparisonErrors[i];
            }
            if (req < p.minRequests() || (concurrent && cmpReq == 0)) {
                run = 0;
                continue;
            }
            checks++;
            double excess = (double) err / req - (concurrent ? (double) cmpErr / cmpReq : referenceRate);
            worst = Math.max(worst, excess);
            run = excess > p.errorExcess() ? run + 1 : 0;
            if (run >= p.consecutiveChecks() && firedAt < 0) {
                firedAt = end;
            }
        }
        boolean fired = firedAt >= 0;
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("threshold", p.errorExcess());
        figures.put("checks", (double) checks);
        figures.put("consecutiveRequired", (double) p.consecutiveChecks());
        if (checks > 0) {
            figures.put("worstExcess", worst);
        }
        if (fired) {
            figures.put("firedAtSeconds", (double) firedAt);
        }
        String rule = String.format(Locale.ROOT, "more than %.1f points above the %s in %d checks of %s in a row",
                100 * p.errorExcess(), a.comparison, p.consecutiveChecks(), DurationWords.of(p.checkInterval()));
        String summary;
        if (fired) {
            summary = String.format(Locale.ROOT, "error rate %s at %s after the deployment (up to %.1f points above)",
                    rule, DurationWords.ofSeconds(firedAt), 100 * worst);
        } else if (checks == 0) {
            summary = String.format(Locale.ROOT, "error-rate guard: no check of %s had %d requests in the first %s",
                    DurationWords.of(p.checkInterval()), p.minRequests(), DurationWords.of(p.errorPeriod()));
        } else {
            summary = String.format(Locale.ROOT, "error rate at most %.1f points above the %s in %d checks in the"
                            + " first %s (a rollback needs %s)", 100 * Math.max(0, worst), a.comparison, checks,
                    DurationWords.of(p.errorPeriod()), rule);
        }
        return new Evidence(ERROR_CHECK, fired, summary, figures, Map.of("baseline", a.comparison));
    }

    /** The p99 guard with the given settings. */
    static Evidence latencyP99(AlignedTraffic a, Settings p) {
        int checkSteps = checkSteps(a, p);
        int warmUpSteps = (int) Math.ceil((double) p.latencyWarmUp().toSeconds() / a.stepSeconds);
        int width = a.bounds.length + 1;
        long minCount = P99_REQUEST_FACTOR * Math.max(1, p.minRequests());
        boolean concurrent = AlignedTraffic.CONTROL.equals(a.comparison);
        double referenceP99 = concurrent ? Double.NaN : Histograms.quantile(Histograms.sum(
                a.comparisonSeries.latencyBuckets(), 0, a.comparisonSeries.steps(),
                a.comparisonSeries.present(), width), a.bounds, P99);
        int run = 0;
        int checks = 0;
        double worst = Double.NEGATIVE_INFINITY;
        long firedAt = -1;
        for (int c = 0; (c + 1) * checkSteps <= a.steps; c++) {
            int from = c * checkSteps;
            if (from < warmUpSteps) {
                continue;
            }
            long[] cand = Histograms.sum(a.candidateBuckets, from, from + checkSteps, null, width);
            long[] cmp = Histograms.sum(a.comparisonBuckets, from, from + checkSteps, null, width);
            double cmpP99 = concurrent ? Histograms.quantile(cmp, a.bounds, P99) : referenceP99;
            if (Histograms.total(cand) < minCount || (concurrent && Histograms.total(cmp) < minCount)
                    || !(cmpP99 > 0)) {
                run = 0;
                continue;
            }
            checks++;
            double ratio = Histograms.quantile(cand, a.bounds, P99) / cmpP99;
            worst = Math.max(worst, ratio);
            run = ratio > p.latencyFactor() ? run + 1 : 0;
            if (run >= p.consecutiveChecks() && firedAt < 0) {
                firedAt = (long) (c + 1) * checkSteps * a.stepSeconds;
            }
        }
        boolean fired = firedAt >= 0;
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("threshold", p.latencyFactor());
        figures.put("checks", (double) checks);
        figures.put("consecutiveRequired", (double) p.consecutiveChecks());
        if (checks > 0) {
            figures.put("worstP99Ratio", worst);
        }
        if (Double.isFinite(referenceP99) && !concurrent) {
            figures.put("baselineP99Ms", referenceP99);
        }
        if (fired) {
            figures.put("firedAtSeconds", (double) firedAt);
        }
        String rule = String.format(Locale.ROOT, "above %.1f× the %s's in %d checks of %s in a row",
                p.latencyFactor(), a.comparison, p.consecutiveChecks(), DurationWords.of(p.checkInterval()));
        String summary;
        if (fired) {
            summary = String.format(Locale.ROOT, "p99 %s at %s after the deployment (up to %.1f× it)", rule,
                    DurationWords.ofSeconds(firedAt), worst);
        } else if (checks == 0) {
            summary = String.format(Locale.ROOT, "p99 guard: no check of %s after warm-up had %d requests",
                    DurationWords.of(p.checkInterval()), minCount);
        } else {
            summary = String.format(Locale.ROOT, "p99 at most %.2f× the %s's in %d checks after warm-up (a rollback"
                    + " needs %s)", worst, a.comparison, checks, rule);
        }
        return new Evidence(LATENCY_CHECK, fired, summary, figures, Map.of("baseline", a.comparison));
    }

    private static int checkSteps(AlignedTraffic a, Settings p) {
        return (int) Math.max(1, p.checkInterval().toSeconds() / a.stepSeconds);
    }

    private static double rate(long[] events, long[] trials) {
        long e = 0;
        long t = 0;
        for (int i = 0; i < events.length; i++) {
            e += events[i];
            t += trials[i];
        }
        return t == 0 ? 0 : (double) e / t;
    }
}
