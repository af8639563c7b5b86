package io.postflight.provider.scrape;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one instance did between two successive scrapes: counter increases, CPU rate, and the
 * gauges at the later scrape. The first scrape of an instance has no interval before it: it
 * yields gauges only ({@code hasTraffic == false}).
 *
 * @param instance the instance's metrics URL
 * @param endMillis time of the later scrape
 * @param seconds length of the interval ({@code 0} for a first scrape)
 * @param hasTraffic whether the counters below were measured (false for a first scrape)
 * @param requests requests served in the interval
 * @param errors failed requests in the interval
 * @param cumulativeBucketsByLeMillis increases of the cumulative latency buckets, by bound in ms
 * @param cpuCores average CPU in cores over the interval, {@code NaN} when unknown
 * @param memoryBytes memory at the later scrape, {@code NaN} when unknown
 * @param diskBytes disk at the later scrape, {@code NaN} when unknown
 * @param restarted whether the process restarted in the interval (counters counted from zero)
 * @param checkIncreases per custom check metric present at both scrapes, its increase as a counter
 * @param checkValues per custom check metric present at the later scrape, its series' sum
 */
public record IntervalIncrease(
        String instance,
        long endMillis,
        double seconds,
        boolean hasTraffic,
        double requests,
        double errors,
        Map<Double, Double> cumulativeBucketsByLeMillis,
        double cpuCores,
        double memoryBytes,
        double diskBytes,
        boolean restarted,
        Map<String, Double> checkIncreases,
        Map<String, Double> checkValues) {

    /** An interval without custom checks' metrics. */
    public IntervalIncrease(String instance, long endMillis, double seconds, boolean hasTraffic, double requests,
                            double errors, Map<Double, Double> cumulativeBucketsByLeMillis, double cpuCores,
                            double memoryBytes, double diskBytes, boolean restarted) {
        this(instance, endMillis, seconds, hasTraffic, requests, errors, cumulativeBucketsByLeMillis, cpuCores,
                memoryBytes, diskBytes, restarted, Map.of(), Map.of());
    }

    /**
     * The increase from {@code previous} (or {@code null} for a first scrape) to {@code current}.
     * A counter lower than before was reset, and a changed process start time means every counter
     * was: the increase is then the current value, as in Prometheus' {@code increase()}. A series
     * absent before counts in full, since client libraries create series on first use.
     */
    public static IntervalIncrease between(String instance, InstanceReading previous, InstanceReading current) {
        if (previous == null) {
            return new IntervalIncrease(instance, current.atMillis(), 0, false, 0, 0, Map.of(), Double.NaN,
                    current.memoryBytes(), current.diskBytes(), false, Map.of(), sums(current.checkValues()));
        }
        boolean restarted = !Double.isNaN(previous.processStartSeconds())
                && !Double.isNaN(current.processStartSeconds())
                && previous.processStartSeconds() != current.processStartSeconds();
        double seconds = (current.atMillis() - previous.atMillis()) / 1000.0;
        Map<Double, Double> buckets = new TreeMap<>();
        current.bucketsByLeMillis().forEach((le, series) -> buckets.put(le,
                increase(previous.bucketsByLeMillis().getOrDefault(le, Map.of()), series, restarted)));
        double cpu = counterIncrease(previous.cpuSeconds(), current.cpuSeconds(), restarted);
        return new IntervalIncrease(instance, current.atMillis(), seconds, true,
                increase(previous.requests(), current.requests(), restarted),
                increase(previous.errors(), current.errors(), restarted),
                buckets,
                seconds > 0 ? cpu / seconds : Double.NaN,
                current.memoryBytes(), current.diskBytes(), restarted,
                checkIncreases(previous.checkValues(), current.checkValues(), restarted), sums(current.checkValues()));
    }

    /** Per metric, the increase of its series since the previous reading (a metric new since then counts in full). */
    private static Map<String, Double> checkIncreases(Map<String, Map<String, Double>> before,
                                                      Map<String, Map<String, Double>> now, boolean restarted) {
        Map<String, Double> out = new TreeMap<>();
        now.forEach((name, series) -> out.put(name, increase(before.getOrDefault(name, Map.of()), series, restarted)));
        return out;
    }

    private static Map<String, Double> sums(Map<String, Map<String, Double>> values) {
        Map<String, Double> out = new TreeMap<>();
        values.forEach((name, series) -> out.put(name,
                series.values().stream().mapToDouble(Double::doubleValue).sum()));
        return out;
    }

    private static double increase(Map<String, Double> before, Map<String, Double> now, boolean restarted) {
        double total = 0;
        for (Map.Entry<String, Double> series : now.entrySet()) {
            Double old = restarted ? null : before.get(series.getKey());
            total += counterIncrease(old == null ? 0 : old, series.getValue(), false);
        }
        return total;
    }

    private static double counterIncrease(double before, double now, boolean restarted) {
        if (Double.isNaN(now)) {
            return Double.NaN;
        }
        if (restarted) {
            return now;
        }
        if (Double.isNaN(before)) {
            return Double.NaN;
        }
        return now < before ? now : now - before;
    }
}
