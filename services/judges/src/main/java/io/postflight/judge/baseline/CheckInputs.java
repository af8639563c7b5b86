package io.postflight.judge.baseline;

import io.postflight.metrics.CheckSeries;
import io.postflight.metrics.TrafficSeries;
import java.util.Arrays;

/**
 * Cuts the series of the phase's metric checks to what the judge may see, as {@link AlignedTraffic}
 * does for the traffic: the candidate's steps that ended by "now", at most a window of them; the
 * control's same steps; the previous version's last window before the deployment. Pure.
 */
final class CheckInputs {
    private CheckInputs() {
    }

    /** Steps of the candidate visible at {@code now}, at most {@code windowSteps}. */
    static int visibleSteps(TrafficSeries candidate, long nowEpochSeconds, int windowSteps) {
        long elapsed = nowEpochSeconds - candidate.startEpochSeconds();
        int visible = (int) Math.max(0, Math.min(candidate.steps(), elapsed / candidate.stepSeconds()));
        return Math.min(visible, windowSteps);
    }

    /**
     * Throughput: without a control, the candidate's requests per step against the previous
     * version's before the deployment (it now serves what that served); beside a control, the
     * candidate's share of the two versions' requests against its share in its first steps with
     * traffic (the weight the router gave it), since a canary's weight is the CD tool's to choose.
     */
    static MetricChecks.Input throughput(MetricCheck check, TrafficSeries candidate, TrafficSeries baseline,
                                         TrafficSeries control, int steps, int windowSteps) {
        double[] cand = new double[steps];
        Arrays.fill(cand, Double.NaN);
        if (control != null && AlignedTraffic.reference(baseline, control) == control) {
            long offset = (candidate.startEpochSeconds() - control.startEpochSeconds()) / control.stepSeconds();
            double[] share = new double[steps];
            Arrays.fill(share, Double.NaN);
            for (int i = 0; i < steps; i++) {
                long j = offset + i;
                if (candidate.present()[i] && j >= 0 && j < control.steps() && control.present()[(int) j]) {
                    long total = candidate.requests()[i] + control.requests()[(int) j];
                    share[i] = total == 0 ? Double.NaN : (double) candidate.requests()[i] / total;
                }
            }
            // Its first min-steps shares with traffic are the reference, the later ones are judged.
            double[] reference = new double[check.minSteps()];
            Arrays.fill(reference, Double.NaN);
            int taken = 0;
            for (int i = 0; i < steps; i++) {
                if (taken < reference.length && Double.isFinite(share[i])) {
                    reference[taken++] = share[i];
                } else if (taken >= reference.length) {
                    cand[i] = share[i];
                }
            }
            return new MetricChecks.Input(check, cand, null, reference, AlignedTraffic.CONTROL,
                    "candidate's share of the traffic in its first " + reference.length + " steps", false);
        }
        for (int i = 0; i < steps; i++) {
            cand[i] = candidate.present()[i] ? candidate.requests()[i] : Double.NaN;
        }
        int from = Math.max(0, baseline.steps() - windowSteps);
        double[] reference = new double[baseline.steps() - from];
        for (int j = from; j < baseline.steps(); j++) {
            reference[j - from] = baseline.present()[j] ? baseline.requests()[j] : Double.NaN;
        }
        return new MetricChecks.Input(check, cand, null, reference, AlignedTraffic.PREVIOUS_WINDOW,
                "previous version's before the deployment", false);
    }

    /**
     * A custom check's series, optionally per request (the value of a step divided by the version's
     * requests in it: what keeps a business counter comparable between versions that serve
     * different shares of the traffic).
     */
    static MetricChecks.Input custom(MetricCheck check, boolean perRequest, CheckSeries candidate,
                                     CheckSeries baseline, CheckSeries control, TrafficSeries candidateTraffic,
                                     TrafficSeries baselineTraffic, TrafficSeries controlTraffic, int steps,
                                     int windowSteps) {
        double[] cand = window(candidate, 0, steps, perRequest ? candidateTraffic : null);
        if (check.bound() != null) {
            return new MetricChecks.Input(check, cand, null, null, "bound", "bound", true);
        }
        if (control != null && controlTraffic != null && AlignedTraffic.reference(baselineTraffic, controlTraffic)
                == controlTraffic) {
            long offset = (candidate.startEpochSeconds() - control.startEpochSeconds()) / control.stepSeconds();
            double[] ctl = window(control, offset, steps, perRequest ? controlTraffic : null);
            return new MetricChecks.Input(check, cand, ctl, null, AlignedTraffic.CONTROL, "control", true);
        }
        double[] reference = new double[0];
        if (baseline != null) {
            int from = Math.max(0, baseline.steps() - windowSteps);
            reference = window(baseline, from, baseline.steps() - from, perRequest ? baselineTraffic : null);
        }
        return new MetricChecks.Input(check, cand, null, reference, AlignedTraffic.PREVIOUS_WINDOW,
                "previous version's before the deployment", true);
    }

    /** {@code count} values from step {@code from}, per request of {@code traffic} when given; NaN where missing. */
    private static double[] window(CheckSeries s, long from, int count, TrafficSeries traffic) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            long j = from + i;
            double v = s == null || j < 0 || j >= s.steps() ? Double.NaN : s.values()[(int) j];
            if (traffic != null) {
                long t = traffic.startEpochSeconds() == s.startEpochSeconds() ? j
                        : j + (s.startEpochSeconds() - traffic.startEpochSeconds()) / traffic.stepSeconds();
                boolean has = t >= 0 && t < traffic.steps() && traffic.present()[(int) t] && traffic.requests()[(int) t] > 0;
                v = has ? v / traffic.requests()[(int) t] : Double.NaN;
            }
            out[i] = v;
        }
        return out;
    }
}
