package io.postflight.judge.baseline;

import io.postflight.metrics.CheckSeries;
import io.postflight.metrics.TrafficSeries;
import java.util.Arrays;

/**
 * Cuts the series of the phase's metric checks to what the judge may see, as {@link AlignedTraffic}
 * does for the traffic: the candidate's steps that ended by "now", at most a window of them; the
 * control's same steps; the previous version's last window before the deployment (the nominal
 * window: extending the phase does not move the reference a check is held to). Pure.
 */
final class CheckInputs {
    /** Events a per-request block needs on each side, so that a block's ratio is not mostly noise. */
    static final int MIN_BLOCK_EVENTS = 10;

    private CheckInputs() {
    }

    /**
     * Throughput: without a control, the candidate's requests per step against the previous
     * version's before the deployment (it now serves what that served); a drop fails only when
     * traffic all but stopped ({@link #NEAR_ZERO}), else it holds, since without a control a lost
     * share cannot be told from a fall in load. Beside a control, the candidate's share of the two
     * versions' requests against its share in its first steps with traffic (the weight the router
     * gave it), since a canary's weight is the CD tool's to choose.
     *
     * @param referenceSteps steps the reference needs (the share's first steps beside a control)
     * @param nominalSteps steps of the nominal window: the previous version's reference
     */
    static MetricChecks.Input throughput(MetricCheck check, TrafficSeries candidate, TrafficSeries baseline,
                                         TrafficSeries control, int steps, int nominalSteps, int referenceSteps) {
        double[] cand = new double[steps];
        Arrays.fill(cand, Double.NaN);
        if (usesControl(baseline, control)) {
            long offset = (candidate.startEpochSeconds() - control.startEpochSeconds()) / control.stepSeconds();
            double[] reference = new double[Math.max(check.minSteps(), referenceSteps)];
            Arrays.fill(reference, Double.NaN);
            int taken = 0;
            for (int i = 0; i < steps; i++) {
                long j = offset + i;
                double share = Double.NaN;
                if (candidate.present()[i] && j >= 0 && j < control.steps() && control.present()[(int) j]) {
                    long total = candidate.requests()[i] + control.requests()[(int) j];
                    share = total == 0 ? Double.NaN : (double) candidate.requests()[i] / total;
                }
                // Its first shares with traffic are the reference, the later ones are judged.
                if (taken < reference.length && Double.isFinite(share)) {
                    reference[taken++] = share;
                } else if (taken >= reference.length) {
                    cand[i] = share;
                }
            }
            return new MetricChecks.Input(check, cand, null, reference, AlignedTraffic.CONTROL,
                    "candidate's share of the traffic in its first " + reference.length + " steps", false, null, false);
        }
        for (int i = 0; i < steps; i++) {
            cand[i] = candidate.present()[i] ? candidate.requests()[i] : Double.NaN;
        }
        return new MetricChecks.Input(check, cand, null, lastWindow(baseline, nominalSteps),
                AlignedTraffic.PREVIOUS_WINDOW, "previous version's before the deployment", false, NEAR_ZERO, false);
    }

    /** Without a control, a throughput drop fails only below this share of the previous version's. */
    static final double NEAR_ZERO = 0.1;

    /**
     * A custom check's series. Compared with the control whenever the traffic is (a control series
     * that could not be fetched is absent, never replaced by the previous window). Per request, the
     * values are pooled into blocks of steps with enough expected events on each side
     * ({@link #MIN_BLOCK_EVENTS}), so that sparse counts (a few orders a step) are not judged by
     * per-step ratios that are mostly zero.
     */
    static MetricChecks.Input custom(MetricCheck check, boolean perRequest, CheckSeries candidate,
                                     CheckSeries baseline, CheckSeries control, TrafficSeries candidateTraffic,
                                     TrafficSeries baselineTraffic, TrafficSeries controlTraffic, int steps,
                                     int nominalSteps, int warmUpSteps) {
        double[] cand = window(candidate, 0, steps);
        // As for latency: the candidate's first minutes (cold caches, pods joining) are not judged.
        for (int i = 0; i < Math.min(warmUpSteps, cand.length); i++) {
            cand[i] = Double.NaN;
        }
        double[] candRequests = perRequest ? requests(candidateTraffic, candidate, 0, steps) : null;
        if (check.bound() != null) {
            double[] v = perRequest ? perStep(cand, candRequests) : cand;
            return new MetricChecks.Input(check, v, null, null, "bound", "bound", true, null, false);
        }
        if (usesControl(baselineTraffic, controlTraffic)) {
            long offset = control == null ? 0
                    : (candidate.startEpochSeconds() - control.startEpochSeconds()) / control.stepSeconds();
            double[] ctl = control == null ? nan(steps) : window(control, offset, steps);
            for (int i = 0; i < Math.min(warmUpSteps, ctl.length); i++) {
                ctl[i] = Double.NaN;
            }
            // Absent only when the control was fetched and had nothing: a failed fetch is too little data.
            boolean absent = control != null && MetricChecks.noData(cand) && MetricChecks.noData(ctl);
            if (perRequest) {
                double[] ctlRequests = control == null ? nan(steps) : requests(controlTraffic, control, offset, steps);
                int block = blockSize(check, cand, candRequests, ctl, ctlRequests, candidate.stepSeconds());
                cand = pooled(cand, candRequests, block);
                ctl = pooled(ctl, ctlRequests, block);
            }
            return new MetricChecks.Input(check, cand, ctl, null, AlignedTraffic.CONTROL, "control", true, null, absent);
        }
        double[] reference = new double[0];
        boolean absent = false;
        if (baseline != null) {
            int from = Math.max(0, baseline.steps() - nominalSteps);
            reference = window(baseline, from, baseline.steps() - from);
            absent = MetricChecks.noData(cand) && MetricChecks.noData(reference);
            if (perRequest) {
                double[] refRequests = requests(baselineTraffic, baseline, from, baseline.steps() - from);
                int block = blockSize(check, cand, candRequests, reference, refRequests, candidate.stepSeconds());
                cand = pooled(cand, candRequests, block);
                reference = pooled(reference, refRequests, block);
            }
        } else if (perRequest) {
            cand = nan(cand.length);
        }
        return new MetricChecks.Input(check, cand, null, reference, AlignedTraffic.PREVIOUS_WINDOW,
                "previous version's before the deployment", true, null, absent);
    }

    private static boolean usesControl(TrafficSeries baseline, TrafficSeries control) {
        return control != null && AlignedTraffic.reference(baseline, control) == control;
    }

    private static double[] lastWindow(TrafficSeries baseline, int nominalSteps) {
        int from = Math.max(0, baseline.steps() - nominalSteps);
        double[] reference = new double[baseline.steps() - from];
        for (int j = from; j < baseline.steps(); j++) {
            reference[j - from] = baseline.present()[j] ? baseline.requests()[j] : Double.NaN;
        }
        return reference;
    }

    /**
     * Steps per block: enough that, at the comparison's pooled rate, both the candidate's and the
     * comparison's block expect {@link #MIN_BLOCK_EVENTS} events. Set by the first min-steps steps
     * of each side, which later looks do not change, so every look judges the same blocks.
     */
    static int blockSize(MetricCheck check, double[] cand, double[] candRequests, double[] cmp, double[] cmpRequests,
                         int stepSeconds) {
        double[] c = firstSteps(cmp, cmpRequests, check.minSteps());
        double[] k = firstSteps(cand, candRequests, check.minSteps());
        if (c == null || k == null || c[0] <= 0 || c[1] <= 0) {
            return Integer.MAX_VALUE; // no events to scale by: too little data
        }
        double eventsPerRequest = c[0] * stepSeconds / 60.0 / c[1];
        double candidateEvents = eventsPerRequest * k[1] / k[2];
        double comparisonEvents = eventsPerRequest * c[1] / c[2];
        double perStep = Math.min(candidateEvents, comparisonEvents);
        return perStep <= 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, Math.ceil(MIN_BLOCK_EVENTS / perStep));
    }

    /** Sum of values, sum of requests and steps over the first {@code n} steps with both, or null if fewer. */
    private static double[] firstSteps(double[] values, double[] requests, int n) {
        double v = 0;
        double r = 0;
        int taken = 0;
        for (int i = 0; i < values.length && taken < n; i++) {
            if (Double.isFinite(values[i]) && Double.isFinite(requests[i]) && requests[i] > 0) {
                v += values[i];
                r += requests[i];
                taken++;
            }
        }
        return taken < n ? null : new double[] {v, r, taken};
    }

    /** Per block of {@code size} steps, the sum of values over the sum of requests; NaN where a block is incomplete. */
    static double[] pooled(double[] values, double[] requests, int size) {
        if (size == Integer.MAX_VALUE || size > values.length) {
            return new double[0];
        }
        double[] out = new double[values.length / size];
        for (int b = 0; b < out.length; b++) {
            double v = 0;
            double r = 0;
            for (int i = b * size; i < (b + 1) * size; i++) {
                if (Double.isFinite(values[i]) && Double.isFinite(requests[i])) {
                    v += values[i];
                    r += requests[i];
                }
            }
            out[b] = r > 0 ? v / r : Double.NaN;
        }
        return out;
    }

    private static double[] perStep(double[] values, double[] requests) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = requests[i] > 0 ? values[i] / requests[i] : Double.NaN;
        }
        return out;
    }

    /** {@code count} values from step {@code from}; NaN where missing. */
    private static double[] window(CheckSeries s, long from, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            long j = from + i;
            out[i] = s == null || j < 0 || j >= s.steps() ? Double.NaN : s.values()[(int) j];
        }
        return out;
    }

    /** The version's requests in the steps of {@code s} from {@code from}; NaN where the traffic has no data. */
    private static double[] requests(TrafficSeries traffic, CheckSeries s, long from, int count) {
        double[] out = nan(count);
        if (traffic == null) {
            return out;
        }
        long shift = (s.startEpochSeconds() - traffic.startEpochSeconds()) / traffic.stepSeconds();
        for (int i = 0; i < count; i++) {
            long t = from + i + shift;
            if (t >= 0 && t < traffic.steps() && traffic.present()[(int) t]) {
                out[i] = traffic.requests()[(int) t];
            }
        }
        return out;
    }

    private static double[] nan(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
    }
}
