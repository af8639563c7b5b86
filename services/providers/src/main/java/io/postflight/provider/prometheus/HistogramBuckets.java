package io.postflight.provider.prometheus;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a Prometheus histogram's per-step increases of <em>cumulative</em> buckets (one series
 * per {@code le}, each counting requests at or below its bound) into the per-bucket counts a
 * {@code TrafficSeries} holds (each counting requests in {@code (previous bound, bound]}).
 *
 * @param boundsMs the finite bounds in milliseconds, ascending
 * @param counts per step, {@code boundsMs.length + 1} counts, the last for {@code +Inf}
 */
public record HistogramBuckets(double[] boundsMs, long[][] counts) {

    /**
     * De-cumulates {@code cumulativeByLe} (bucket bound in the histogram's unit, {@code +Inf}
     * included, to its per-step increase; {@code NaN} = no data at that step, counted as 0).
     * Increases are rounded to whole requests and forced non-decreasing in {@code le} first:
     * Prometheus extrapolates each bucket's increase separately, which can leave a higher
     * bucket a fraction below a lower one.
     */
    public static HistogramBuckets decumulate(Map<Double, double[]> cumulativeByLe, double leToMillis, int steps) {
        TreeMap<Double, double[]> sorted = new TreeMap<>(cumulativeByLe);
        double[] bounds = sorted.keySet().stream().filter(le -> !le.isInfinite())
                .mapToDouble(le -> le * leToMillis).toArray();
        List<double[]> columns = List.copyOf(sorted.values());
        long[][] counts = new long[steps][bounds.length + 1];
        for (int i = 0; i < steps; i++) {
            long below = 0;
            for (int j = 0; j < columns.size(); j++) {
                double v = columns.get(j)[i];
                long cumulative = Double.isNaN(v) || v < 0 ? 0 : Math.round(v);
                cumulative = Math.max(cumulative, below);
                counts[i][j] = cumulative - below;
                below = cumulative;
            }
            // Without a +Inf series the last column stays 0: nothing is known above the last bound.
        }
        return new HistogramBuckets(bounds, counts);
    }

    /** Parses an {@code le} label value ({@code "0.25"}, {@code "+Inf"}). */
    public static double parseLe(String le) {
        return PrometheusHttpApi.parseValue(le.strip());
    }

    @Override
    public String toString() {
        return "HistogramBuckets" + Arrays.toString(boundsMs) + " x " + counts.length + " steps";
    }
}
