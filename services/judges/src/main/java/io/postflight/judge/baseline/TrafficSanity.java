package io.postflight.judge.baseline;

import io.postflight.contracts.Evidence;
import io.postflight.judge.DurationWords;
import io.postflight.metrics.TrafficSeries;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Whether the candidate's traffic and the comparison's can be judged step for step, and if not, why,
 * in words. Data a judge would otherwise pad, cut or read as traffic — a histogram row that does not
 * fit its layout, bucket bounds or step widths that differ between the two sides, a count that went
 * backwards (a counter reset the metrics source did not repair) — makes
 * the verdict INCONCLUSIVE with that reason: a judgement on such data would be about the data, not
 * the version. Only steps the provider marked present are read. Pure.
 */
final class TrafficSanity {
    /** The evidence check naming unusable data. */
    static final String CHECK = "data";

    private TrafficSanity() {
    }

    /**
     * @param reference what the candidate is compared with ({@link AlignedTraffic#reference})
     * @return {@code null} when the two can be judged, else what is wrong with them
     */
    static String problem(TrafficSeries candidate, TrafficSeries reference) {
        String own = within("candidate", candidate);
        if (own != null || reference == null) {
            return own;
        }
        own = within("comparison", reference);
        if (own != null || reference.steps() == 0) {
            return own;
        }
        if (reference.stepSeconds() != candidate.stepSeconds()) {
            return String.format(Locale.ROOT, "the candidate's steps are %s and the comparison's %s",
                    DurationWords.ofSeconds(candidate.stepSeconds()), DurationWords.ofSeconds(reference.stepSeconds()));
        }
        if (!Arrays.equals(reference.bucketBoundsMs(), candidate.bucketBoundsMs())) {
            return "the latency histograms have different bucket bounds (candidate " + layout(candidate)
                    + ", comparison " + layout(reference) + "): their shares above a bound are not comparable";
        }
        return null;
    }

    /** The verdict's one evidence item when the data are unusable. */
    static Evidence evidence(String problem) {
        return new Evidence(CHECK, false, problem, Map.of(), Map.of());
    }

    private static String within(String side, TrafficSeries s) {
        int width = s.bucketBoundsMs().length + 1;
        for (int i = 0; i < s.steps(); i++) {
            if (!s.present()[i]) {
                continue;
            }
            String at = "step " + i + " (" + DurationWords.ofSeconds((long) i * s.stepSeconds()) + " after its start)";
            if (s.requests()[i] < 0 || s.errors()[i] < 0) {
                return "the " + side + "'s request counts went backwards at " + at
                        + ": a counter reset the metrics source did not repair";
            }
            // More failures than requests in a step is not checked: two counters read by separate
            // queries round apart at low traffic, and one such step would hold a healthy version.
            long[] row = s.latencyBuckets()[i];
            if (row == null || row.length == 0) {
                continue; // no histogram for this step: latency is judged on the steps that have one
            }
            if (row.length != width) {
                return String.format(Locale.ROOT, "the %s's latency histogram has %d buckets at %s, its layout"
                        + " %d (%s)", side, row.length, at, width, layout(s));
            }
            for (long c : row) {
                if (c < 0) {
                    return "the " + side + "'s latency buckets went backwards at " + at
                            + ": a counter reset the metrics source did not repair";
                }
            }
        }
        return null;
    }

    private static String layout(TrafficSeries s) {
        double[] b = s.bucketBoundsMs();
        return b.length == 0 ? "no finite bounds" : String.format(Locale.ROOT, "%d bounds, %s–%s ms", b.length,
                trim(b[0]), trim(b[b.length - 1]));
    }

    private static String trim(double ms) {
        return ms == Math.rint(ms) ? String.valueOf((long) ms) : String.valueOf(ms);
    }
}
