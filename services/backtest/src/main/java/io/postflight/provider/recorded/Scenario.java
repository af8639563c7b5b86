package io.postflight.provider.recorded;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * One recorded deployment in the {@code deploy-verification-scenario/1} format (see
 * {@code benchmarks/scenarios/FORMAT.md}): the previous version's window before the deployment, the
 * candidate's from the deployment on, and, for canaries, a concurrent control when one existed.
 *
 * @param format always {@code deploy-verification-scenario/1}
 * @param id scenario id
 * @param kind {@code canary} or {@code drift}
 * @param stepSeconds width of one step
 * @param deployedAt epoch seconds of the deployment
 * @param latencyBucketsMs finite latency bucket bounds (canary only)
 * @param limits resource limits, e.g. {@code memoryBytes} (drift only)
 * @param baseline previous version, window just before the deployment
 * @param candidate new version, from the deployment on
 * @param control previous version serving concurrently, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Scenario(
        String format,
        String id,
        String kind,
        int stepSeconds,
        long deployedAt,
        double[] latencyBucketsMs,
        Map<String, Double> limits,
        Window baseline,
        Window candidate,
        Window control) {

    public static final String FORMAT = "deploy-verification-scenario/1";

    public boolean isCanary() {
        return "canary".equals(kind);
    }

    public boolean isDrift() {
        return "drift".equals(kind);
    }

    /**
     * One version's recorded window. Canary windows carry per-step increases of requests, errors
     * and latency buckets; drift windows carry gauges sampled each step.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Window(
            long start,
            long[] requests,
            long[] errors,
            long[][] latencyBuckets,
            double[] memoryBytes,
            double[] cpuCores,
            double[] diskBytes) {
    }
}
