package io.postflight.judge.baseline;

import io.postflight.metrics.TrafficSeries;
import java.util.Arrays;

/**
 * The candidate's steps observed so far, each paired with the comparison step it is judged against.
 *
 * <p>With a concurrent control, step i of the candidate is paired with the control's step covering
 * the same time, so whatever hit both at that moment (a blip, a load ramp) cancels out. Without one,
 * the previous version's window just before the deployment is replayed in step: candidate step i is
 * paired with step i of the baseline window (the last {@code windowSteps} of it) — <em>when the two
 * served a similar load</em>. Without a control, time is not assumed not to matter: latency that
 * rises with load (a saturating service during a traffic ramp) would otherwise read as a regression
 * of identical code. A candidate step whose offset partner served a different load is paired with
 * the unused baseline step of the nearest similar load instead, and with none when no baseline step
 * is similar ({@link #similarLoad}; {@link #loadUnmatched}: it counts as missing data, so a window whose load left the
 * previous window's range is INCONCLUSIVE, never judged across loads). The choice depends on request
 * counts only, which the test conditions on, and each baseline step serves one stratum, so each
 * stratum stays two independent samples and the test stays exact.
 */
final class AlignedTraffic {

    /** Label of a concurrent-control comparison, as it appears in evidence. */
    static final String CONTROL = "control";
    /** Label of a previous-window comparison, as it appears in evidence. */
    static final String PREVIOUS_WINDOW = "previous-window";

    final String comparison;
    final int steps;
    final int stepSeconds;
    final double[] bounds;
    final long[] candidateRequests;
    final long[] candidateErrors;
    final long[][] candidateBuckets;
    final long[] comparisonRequests;
    final long[] comparisonErrors;
    final long[][] comparisonBuckets;
    /** Candidate steps (with data) for which no baseline step of a similar load was left. */
    int loadUnmatched;
    /** Both sides have data for the step. */
    final boolean[] paired;
    /** The comparison's whole series, for guards that need a reference level. */
    final TrafficSeries comparisonSeries;

    private AlignedTraffic(String comparison, int steps, TrafficSeries candidate, TrafficSeries reference) {
        this.comparison = comparison;
        this.steps = steps;
        this.stepSeconds = candidate.stepSeconds();
        this.bounds = candidate.bucketBoundsMs();
        this.comparisonSeries = reference;
        int width = bounds.length + 1;
        candidateRequests = new long[steps];
        candidateErrors = new long[steps];
        candidateBuckets = new long[steps][];
        comparisonRequests = new long[steps];
        comparisonErrors = new long[steps];
        comparisonBuckets = new long[steps][];
        paired = new boolean[steps];
        for (int i = 0; i < steps; i++) {
            candidateRequests[i] = candidate.requests()[i];
            candidateErrors[i] = candidate.errors()[i];
            candidateBuckets[i] = row(candidate.latencyBuckets()[i], width);
            comparisonBuckets[i] = new long[width];
        }
    }

    /**
     * Pairs the candidate's steps that ended by {@code nowEpochSeconds} (at most {@code windowSteps})
     * with the control's, or the baseline's when there is no control. The two must be comparable
     * (same step width and bucket bounds): the judges ask {@link TrafficSanity} first.
     */
    static AlignedTraffic of(TrafficSeries candidate, TrafficSeries baseline, TrafficSeries control,
                             long nowEpochSeconds, int windowSteps) {
        long elapsed = nowEpochSeconds - candidate.startEpochSeconds();
        int visible = (int) Math.max(0, Math.min(candidate.steps(), elapsed / candidate.stepSeconds()));
        int steps = Math.min(visible, windowSteps);
        TrafficSeries reference = reference(baseline, control);
        boolean useControl = reference == control;
        boolean referenceHasData = useControl || anyPresent(reference);
        AlignedTraffic a = new AlignedTraffic(useControl ? CONTROL : PREVIOUS_WINDOW, steps, candidate, reference);
        long offset = useControl
                ? (candidate.startEpochSeconds() - control.startEpochSeconds()) / control.stepSeconds()
                : Math.max(0, baseline.steps() - windowSteps);
        boolean[] used = new boolean[reference.steps()];
        for (int i = 0; i < steps; i++) {
            long j = useControl ? offset + i : loadPartner(candidate, i, reference, offset + i, used);
            if (!useControl && candidate.present()[i] && j < 0 && referenceHasData) {
                a.loadUnmatched++;
            }
            if (j >= 0 && j < reference.steps()) {
                used[(int) j] = true;
            }
            boolean cmpPresent = j >= 0 && j < reference.steps() && reference.present()[(int) j];
            // Whatever the comparison, only steps that ended by "now" count, like the candidate's.
            if (cmpPresent) {
                long end = reference.startEpochSeconds() + (j + 1) * reference.stepSeconds();
                cmpPresent = end <= nowEpochSeconds;
            }
            if (cmpPresent) {
                a.comparisonRequests[i] = reference.requests()[(int) j];
                a.comparisonErrors[i] = reference.errors()[(int) j];
                a.comparisonBuckets[i] = row(reference.latencyBuckets()[(int) j], a.bounds.length + 1);
            }
            a.paired[i] = cmpPresent && candidate.present()[i];
        }
        return a;
    }

    /** What the candidate is compared with: the control while it has any data, else the previous window. */
    static TrafficSeries reference(TrafficSeries baseline, TrafficSeries control) {
        return control != null && anyPresent(control) ? control : baseline;
    }

    /**
     * The baseline step candidate step {@code i} is compared with: its offset partner when that
     * served a similar load, else the unused step of the nearest similar load, else -1.
     */
    private static long loadPartner(TrafficSeries candidate, int i, TrafficSeries baseline, long offsetPartner,
                                    boolean[] used) {
        if (!candidate.present()[i]) {
            // No data on the candidate's side: the step is unpaired either way, and takes no step of
            // the previous window that a later candidate step at that load could be compared with.
            return -1;
        }
        long load = candidate.requests()[i];
        if (offsetPartner >= 0 && offsetPartner < baseline.steps() && !used[(int) offsetPartner]
                && baseline.present()[(int) offsetPartner] && similarLoad(load, baseline.requests()[(int) offsetPartner])) {
            return offsetPartner;
        }
        long best = -1;
        long bestGap = Long.MAX_VALUE;
        for (int j = 0; j < baseline.steps(); j++) {
            long gap = Math.abs(baseline.requests()[j] - load);
            if (!used[j] && baseline.present()[j] && similarLoad(load, baseline.requests()[j]) && gap < bestGap) {
                best = j;
                bestGap = gap;
            }
        }
        return best;
    }

    /**
     * How far apart two loads may be and still be compared, as a share of the larger. Why 8 %: for a
     * service near saturation whose latency grows with load at an elasticity up to 0.8 (log-latency
     * over log-load), 8 % more load moves the median by at most about 6 %, which moves the share of
     * requests beyond a tail bound of a log-normal latency (σ 0.5, bound near the p98) by about
     * 1.3×, inside the 1.5× tolerance. At 15 % the same service's tail shares moved by 1.7×: ramps
     * of identical code watched for an hour were rolled back (adversarial scenarios,
     * docs/benchmarks.md). The noise term of {@link #similarLoad} widens the band where counts are
     * small (about 9 % more at 1 000 requests a step, 16 % at 300).
     */
    static final double SIMILAR_LOAD_SHARE = 0.08;

    /**
     * Whether two steps served a similar load: within {@link #SIMILAR_LOAD_SHARE} of the larger, plus
     * two standard deviations of the difference of two Poisson counts, so that quiet services' steps
     * are not told apart by chance.
     */
    static boolean similarLoad(long a, long b) {
        return Math.abs(a - b) <= SIMILAR_LOAD_SHARE * Math.max(a, b) + 2 * Math.sqrt(a + b);
    }

    /** Sum of the candidate's requests over paired steps. */
    long pairedCandidateRequests() {
        long s = 0;
        for (int i = 0; i < steps; i++) {
            s += paired[i] ? candidateRequests[i] : 0;
        }
        return s;
    }

    /** Sum of the comparison's requests over paired steps. */
    long pairedComparisonRequests() {
        long s = 0;
        for (int i = 0; i < steps; i++) {
            s += paired[i] ? comparisonRequests[i] : 0;
        }
        return s;
    }

    int pairedSteps() {
        int c = 0;
        for (boolean p : paired) {
            c += p ? 1 : 0;
        }
        return c;
    }

    private static boolean anyPresent(TrafficSeries s) {
        for (boolean p : s.present()) {
            if (p) {
                return true;
            }
        }
        return false;
    }

    private static long[] row(long[] source, int width) {
        return source == null ? new long[width] : Arrays.copyOf(source, width);
    }
}
