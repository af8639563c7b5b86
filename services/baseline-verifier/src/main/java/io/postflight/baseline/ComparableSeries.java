package io.postflight.baseline;

import io.postflight.metrics.TrafficSeries;
import java.util.Arrays;

/**
 * Makes the candidate's and the comparisons' series comparable before they reach the judge, which
 * requires the same latency buckets on both sides. A provider reports the bounds it saw: none for
 * a version without data, and another set when a version's histogram was configured differently.
 * A side without data becomes an all-absent series with the common bounds; sides with different
 * bounds are merged onto the bounds they share (exact, since the buckets are cumulative).
 */
final class ComparableSeries {
    private static final double SAME_BOUND = 1e-9;

    private ComparableSeries() {
    }

    /** Whether the provider had data for any step. */
    static boolean hasData(TrafficSeries s) {
        for (boolean p : s.present()) {
            if (p) {
                return true;
            }
        }
        return false;
    }

    /** The bounds every side with data has; the candidate's when no side has data. */
    static double[] commonBounds(TrafficSeries... sides) {
        double[] common = null;
        for (TrafficSeries s : sides) {
            if (s != null && hasData(s)) {
                common = common == null ? s.bucketBoundsMs() : intersect(common, s.bucketBoundsMs());
            }
        }
        return common != null ? common : sides[0].bucketBoundsMs();
    }

    /**
     * {@code s} over {@code steps} steps from {@code start} with the given bounds: absent where the
     * provider had no data (or no step at all), re-bucketed where its bounds differ.
     */
    static TrafficSeries onto(TrafficSeries s, long start, int steps, double[] bounds) {
        if (!hasData(s)) {
            return absent(start, s.stepSeconds(), steps, bounds);
        }
        return Arrays.equals(s.bucketBoundsMs(), bounds) ? s : rebucket(s, bounds);
    }

    static TrafficSeries absent(long start, int stepSeconds, int steps, double[] bounds) {
        return new TrafficSeries(start, stepSeconds, new long[steps], new long[steps], bounds,
                new long[steps][bounds.length + 1], new boolean[steps]);
    }

    /** Merges {@code s}'s buckets onto {@code bounds}, a subset of its own bounds. */
    static TrafficSeries rebucket(TrafficSeries s, double[] bounds) {
        double[] own = s.bucketBoundsMs();
        long[][] merged = new long[s.steps()][bounds.length + 1];
        for (int i = 0; i < s.steps(); i++) {
            long[] row = s.latencyBuckets()[i];
            int j = 0;
            for (int k = 0; k < own.length + 1 && row != null && k < row.length; k++) {
                // Bucket k holds (own[k-1], own[k]]; it belongs to the first target bound at or above own[k].
                while (k < own.length && j < bounds.length && bounds[j] < own[k] - SAME_BOUND) {
                    j++;
                }
                merged[i][k < own.length ? j : bounds.length] += row[k];
            }
        }
        return new TrafficSeries(s.startEpochSeconds(), s.stepSeconds(), s.requests(), s.errors(), bounds, merged,
                s.present());
    }

    private static double[] intersect(double[] a, double[] b) {
        return Arrays.stream(a).filter(x -> Arrays.stream(b).anyMatch(y -> Math.abs(x - y) <= SAME_BOUND))
                .toArray();
    }
}
