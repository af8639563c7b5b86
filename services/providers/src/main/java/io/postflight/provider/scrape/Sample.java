package io.postflight.provider.scrape;

import java.util.Map;
import java.util.TreeMap;

/**
 * One sample line of the Prometheus text exposition format.
 *
 * @param name metric name, with its {@code _bucket}, {@code _count}, {@code _total} suffix
 * @param labels label names to unescaped values, in order of appearance
 * @param value the value; {@code NaN} and infinities allowed
 * @param timestampMillis the optional timestamp, or {@code null}
 */
public record Sample(String name, Map<String, String> labels, double value, Long timestampMillis) {

    public Sample {
        labels = Map.copyOf(labels);
    }

    /** A stable identity of this series: name and labels sorted by name, optionally without one label. */
    public String seriesKey(String withoutLabel) {
        StringBuilder key = new StringBuilder(name).append('{');
        new TreeMap<>(labels).forEach((k, v) -> {
            if (!k.equals(withoutLabel)) {
                key.append(k).append('=').append(v.replace("\\", "\\\\").replace(",", "\\,")).append(',');
            }
        });
        return key.append('}').toString();
    }
}
