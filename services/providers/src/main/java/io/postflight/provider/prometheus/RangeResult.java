package io.postflight.provider.prometheus;

import java.util.Map;

/**
 * One series of a {@code query_range} answer.
 *
 * @param labels the series' labels ({@code le} for buckets; empty after a plain {@code sum})
 * @param timestamps evaluation times in epoch seconds, ascending
 * @param values the values at those times ({@code NaN} and infinities as Prometheus sent them)
 */
public record RangeResult(Map<String, String> labels, double[] timestamps, double[] values) {

    /**
     * The values placed on a grid of {@code steps} evaluation times {@code first, first + step,
     * ...}; {@code NaN} where the series has no point (no data at that time).
     */
    public double[] onGrid(long firstEvalSeconds, long stepSeconds, int steps) {
        double[] grid = new double[steps];
        java.util.Arrays.fill(grid, Double.NaN);
        for (int k = 0; k < timestamps.length; k++) {
            // Prometheus answers exactly at start + i*step; rounding absorbs float formatting.
            long index = Math.round((timestamps[k] - firstEvalSeconds) / stepSeconds);
            if (index >= 0 && index < steps) {
                grid[(int) index] = values[k];
            }
        }
        return grid;
    }
}
