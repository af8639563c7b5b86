package io.postflight.contracts;

import java.util.Map;
import java.util.Objects;

/**
 * One check behind a phase result or decision, with the numbers that led to it.
 *
 * @param check what was checked, e.g. {@code error-rate}, {@code latency-p99},
 *     {@code readiness:pod-a}, {@code memory-trend}
 * @param breached whether this check argues for a rollback
 * @param summary one human sentence, e.g. "error rate 7.1 % vs baseline 0.4 % (threshold 5 %)"
 * @param figures the values, baselines, thresholds and statistics, by name
 *     (e.g. {@code candidateRate}, {@code baselineRate}, {@code threshold}, {@code pValue})
 * @param labels non-numeric facts, e.g. {@code baseline=control}, {@code provider=prometheus}
 */
public record Evidence(String check, boolean breached, String summary,
                       Map<String, Double> figures, Map<String, String> labels) {
    public Evidence {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(summary, "summary");
        figures = figures == null ? Map.of() : Map.copyOf(figures);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static Evidence of(String check, boolean breached, String summary, Map<String, Double> figures) {
        return new Evidence(check, breached, summary, figures, Map.of());
    }
}
