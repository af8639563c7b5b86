package io.postflight.benchmarks.canary;

import io.postflight.judge.baseline.Histograms;
import io.postflight.provider.recorded.Scenario;

/**
 * Error rates and latency quantiles of a recorded canary window over ranges of steps. Histogram
 * sums and interpolated quantiles are the baseline judge's own ({@link Histograms}), so a reference
 * judge reads the same p99 from the same buckets as Postflight does.
 */
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

    /**
     * The q-quantile of latency over steps [from, to) as Prometheus' {@code histogram_quantile}
     * estimates it (interpolated inside the bucket); {@code NaN} without requests.
     */
    double quantile(int from, int to, double q) {
        return Histograms.quantile(histogram(from, to), bounds, q);
    }

    /**
     * The q-quantile of latency over steps [from, to) read as the upper bound of the bucket that holds
     * it (the highest finite bound for +Inf); {@code NaN} without requests. This is the fixed-threshold
     * reference's coarser reading, not one the judges use.
     */
    double bucketQuantile(int from, int to, double q) {
        long[] buckets = histogram(from, to);
        long total = Histograms.total(buckets);
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

    /** Bucket counts summed over steps [from, to): one per bound, then +Inf. */
    private long[] histogram(int from, int to) {
        int width = bounds.length + 1;
        if (steps() == 0) {
            return new long[width];
        }
        return Histograms.sum(window.latencyBuckets(), from, Math.min(to, steps()), null, width);
    }
}
