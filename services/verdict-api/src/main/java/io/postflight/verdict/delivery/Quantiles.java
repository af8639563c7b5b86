package io.postflight.verdict.delivery;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * Durations in seconds summarised: how many, the median and the 90th percentile (nearest rank, so
 * every figure is one that was observed). Both are {@code null} when there is none.
 *
 * @param count how many durations
 * @param median the median, seconds
 * @param p90 the 90th percentile, seconds
 */
public record Quantiles(int count, @Nullable Long median, @Nullable Long p90) {

    /** {@code seconds} summarised; the list is sorted in place. */
    static Quantiles of(List<Long> seconds) {
        if (seconds.isEmpty()) {
            return new Quantiles(0, null, null);
        }
        seconds.sort(null);
        return new Quantiles(seconds.size(), rank(seconds, 0.5), rank(seconds, 0.9));
    }

    private static long rank(List<Long> sorted, double q) {
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }
}
