package io.postflight.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * Request traffic of one version over a window, as the canary judge consumes it: per step, the
 * <em>increase</em> in that step (not cumulative counters) of requests, failed requests and
 * latency-histogram buckets.
 *
 * <p>{@code latencyBuckets[i][j]} counts requests of step {@code i} whose latency fell in
 * {@code (bucketBoundsMs[j-1], bucketBoundsMs[j]]}; the last column ({@code j ==
 * bucketBoundsMs.length}) is the {@code +Inf} bucket. A step with no data is all zeros; providers
 * mark missing steps in {@code present} so a judge can tell "no traffic" from "no data".
 *
 * @param startEpochSeconds start of step 0
 * @param stepSeconds width of one step
 * @param requests requests served, per step
 * @param errors failed (5xx) requests, per step
 * @param bucketBoundsMs upper bounds of the finite latency buckets, ascending, in milliseconds
 * @param latencyBuckets per step, request counts per bucket ({@code bucketBoundsMs.length + 1} entries)
 * @param present per step, whether the provider had data for it
 */
public record TrafficSeries(
        long startEpochSeconds,
        int stepSeconds,
        long[] requests,
        long[] errors,
        double[] bucketBoundsMs,
        long[][] latencyBuckets,
        boolean[] present) {

    public TrafficSeries {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(bucketBoundsMs, "bucketBoundsMs");
        Objects.requireNonNull(latencyBuckets, "latencyBuckets");
        if (stepSeconds <= 0) {
            throw new IllegalArgumentException("stepSeconds must be positive: " + stepSeconds);
        }
        int n = requests.length;
        if (errors.length != n || latencyBuckets.length != n) {
            throw new IllegalArgumentException("requests, errors and latencyBuckets differ in length");
        }
        if (present == null) {
            present = new boolean[n];
            Arrays.fill(present, true);
        } else if (present.length != n) {
            throw new IllegalArgumentException("present differs in length from requests");
        }
    }

    /** Number of steps in the window. */
    public int steps() {
        return requests.length;
    }

    /** The first {@code count} steps only: what a judge may see at a given "now". */
    public TrafficSeries prefix(int count) {
        int n = Math.min(count, steps());
        return new TrafficSeries(startEpochSeconds, stepSeconds,
                Arrays.copyOf(requests, n), Arrays.copyOf(errors, n), bucketBoundsMs,
                Arrays.copyOf(latencyBuckets, n), Arrays.copyOf(present, n));
    }

    /** An empty series (no steps): what a provider returns for a version it has never seen. */
    public static TrafficSeries empty(long startEpochSeconds, int stepSeconds, double[] bucketBoundsMs) {
        return new TrafficSeries(startEpochSeconds, stepSeconds, new long[0], new long[0],
                bucketBoundsMs, new long[0][], new boolean[0]);
    }
}
