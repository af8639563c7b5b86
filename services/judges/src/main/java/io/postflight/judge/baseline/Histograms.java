package io.postflight.judge.baseline;

/**
 * Arithmetic on de-cumulated latency histograms ({@code buckets[j]} counts requests in
 * {@code (bounds[j-1], bounds[j]]}, the last entry is {@code +Inf}).
 *
 * <p>Public so that the benchmarks' reference judges read latency quantiles exactly as the
 * baseline judge does, from one implementation.
 */
public final class Histograms {

    private Histograms() {
    }

    /** Requests slower than {@code bounds[j]}: the sum of the buckets above it. */
    public static long above(long[] buckets, int j) {
        long s = 0;
        for (int k = j + 1; k < buckets.length; k++) {
            s += buckets[k];
        }
        return s;
    }

    /** Requests in the histogram. */
    public static long total(long[] buckets) {
        return above(buckets, -1);
    }

    /**
     * Element-wise sum of the rows {@code from} (inclusive) to {@code to} (exclusive) where {@code use}
     * ({@code null}: every row), over the first {@code width} buckets.
     */
    public static long[] sum(long[][] rows, int from, int to, boolean[] use, int width) {
        long[] s = new long[width];
        for (int i = Math.max(0, from); i < Math.min(to, rows.length); i++) {
            if (use == null || use[i]) {
                for (int k = 0; k < width && k < rows[i].length; k++) {
                    s[k] += rows[i][k];
                }
            }
        }
        return s;
    }

    /**
     * The q-quantile the way Prometheus' {@code histogram_quantile} estimates it: linear interpolation
     * inside the bucket that holds the rank, the lower edge of the first bucket being 0; a rank in the
     * {@code +Inf} bucket gives the highest finite bound. {@code NaN} for an empty histogram.
     */
    public static double quantile(long[] buckets, double[] bounds, double q) {
        long total = total(buckets);
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
