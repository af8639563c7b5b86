package io.postflight.benchmarks.canary;

import io.postflight.provider.recorded.Scenario;

/** Error rates and latency quantiles of a recorded canary window over ranges of steps. */
final class WindowStats {

    private final Scenario.Window window;
    private final double[] bounds;

    WindowStats(Scenario.Window window, double[] bounds) {
        this.window = window;
        this.bounds = bounds;
    }

    int steps() {
        return window == null || window.requests() == null ? 0 : window.requests().length;
    }

    long requests(int from, int to) {
        long s = 0;
        for (int i = Math.max(0, from); i < Math.min(to, steps()); i++) {
            s += window.requests()[i];
        }
        return s;
    }

    /** Error rate over steps [from, to), {@code NaN} without requests. */
    double errorRate(int from, int to) {
        long req = requests(from, to);
        long err = 0;
        for (int i = Math.max(0, from); i < Math.min(to, steps()); i++) {
            err += window.errors()[i];
        }
        return req == 0 ? Double.NaN : (double) err / req;
    }

    /** The q-quantile of latency over steps [from, to), interpolated; {@code NaN} without requests. */
    double quantile(int from, int to, double q) {
        return quantile(histogram(from, to), bounds, q);
    }

    /**
     * The q-quantile of latency over steps [from, to) read as the upper bound of the bucket that holds
     * it (the highest finite bound for +Inf); {@code NaN} without requests.
     */
    double bucketQuantile(int from, int to, double q) {
        long[] buckets = histogram(from, to);
        long total = 0;
        for (long b : buckets) {
            total += b;
        }
        if (total == 0 || bounds.length == 0) {
            return Double.NaN;
        }
        long cumulative = 0;
        for (int j = 0; j < bounds.length; j++) {
            cumulative += buckets[j];
            if (cumulative >= q * total) {
                return bounds[j];
            }
        }
        return bounds[bounds.length - 1];
    }

    private long[] histogram(int from, int to) {
        long[] sum = new long[bounds.length + 1];
        for (int i = Math.max(0, from); i < Math.min(to, steps()); i++) {
            long[] row = window.latencyBuckets()[i];
            for (int j = 0; j < sum.length && j < row.length; j++) {
                sum[j] += row[j];
            }
        }
        return sum;
    }

    /**
     * Prometheus' {@code histogram_quantile}: linear interpolation inside the bucket holding the
     * rank, 0 as the lower edge of the first bucket, the highest finite bound for the +Inf bucket.
     */
    static double quantile(long[] buckets, double[] bounds, double q) {
        long total = 0;
        for (long b : buckets) {
            total += b;
        }
        if (total == 0 || bounds.length == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        long cumulative = 0;
        for (int j = 0; j < bounds.length; j++) {
            long before = cumulative;
            cumulative += buckets[j];
            if (cumulative >= rank && buckets[j] > 0) {
                double lower = j == 0 ? 0 : bounds[j - 1];
                return lower + (bounds[j] - lower) * (rank - before) / buckets[j];
            }
        }
        return bounds[bounds.length - 1];
    }
}
