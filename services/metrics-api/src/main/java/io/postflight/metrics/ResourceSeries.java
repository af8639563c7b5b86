package io.postflight.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * Resource gauges of one version sampled each step over a window, as the drift judge consumes
 * them. {@code NaN} marks a step with no sample.
 *
 * @param startEpochSeconds time of sample 0
 * @param stepSeconds interval between samples
 * @param memoryBytes working-set memory
 * @param cpuCores CPU in use, in cores
 * @param diskBytes disk used
 * @param memoryLimitBytes the memory limit, or {@code null} when none is known
 */
public record ResourceSeries(
        long startEpochSeconds,
        int stepSeconds,
        double[] memoryBytes,
        double[] cpuCores,
        double[] diskBytes,
        Double memoryLimitBytes) {

    public ResourceSeries {
        Objects.requireNonNull(memoryBytes, "memoryBytes");
        Objects.requireNonNull(cpuCores, "cpuCores");
        Objects.requireNonNull(diskBytes, "diskBytes");
        if (stepSeconds <= 0) {
            throw new IllegalArgumentException("stepSeconds must be positive: " + stepSeconds);
        }
        if (cpuCores.length != memoryBytes.length || diskBytes.length != memoryBytes.length) {
            throw new IllegalArgumentException("memoryBytes, cpuCores and diskBytes differ in length");
        }
    }

    public int steps() {
        return memoryBytes.length;
    }

    /** The first {@code count} samples only: what a judge may see at a given "now". */
    public ResourceSeries prefix(int count) {
        int n = Math.min(count, steps());
        return new ResourceSeries(startEpochSeconds, stepSeconds, Arrays.copyOf(memoryBytes, n),
                Arrays.copyOf(cpuCores, n), Arrays.copyOf(diskBytes, n), memoryLimitBytes);
    }
}
