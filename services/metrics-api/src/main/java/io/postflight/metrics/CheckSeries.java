package io.postflight.metrics;

import java.util.Objects;

/**
 * One custom check's series for one version: a value per step ({@code NaN} where the source had no
 * data), on the same grid as the version's {@link TrafficSeries}. What a value means (orders per
 * minute, a ratio, a latency) is the check's configuration; the value of a step is the source's at
 * the step's end.
 *
 * @param startEpochSeconds start of step 0
 * @param stepSeconds width of one step
 * @param values per step, {@code NaN} where no data
 */
public record CheckSeries(long startEpochSeconds, int stepSeconds, double[] values) {

    public CheckSeries {
        Objects.requireNonNull(values, "values");
        if (stepSeconds <= 0) {
            throw new IllegalArgumentException("stepSeconds must be positive: " + stepSeconds);
        }
    }

    public int steps() {
        return values.length;
    }

    /** No data at all: what a source answers for a version it has never seen. */
    public static CheckSeries absent(long startEpochSeconds, int stepSeconds, int steps) {
        double[] v = new double[steps];
        java.util.Arrays.fill(v, Double.NaN);
        return new CheckSeries(startEpochSeconds, stepSeconds, v);
    }
}
