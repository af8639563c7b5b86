package io.postflight.baseline;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.postflight.judge.baseline.BaselineJudge;
import io.postflight.judge.baseline.MetricCheck;

/**
 * The built-in throughput check ({@code postflight.baseline.throughput.*}): a candidate that gets
 * far less traffic than expected (the previous version's before the deployment, or its own share
 * beside a control) fails. On by default; defaults written once, in the judge.
 *
 * @param enabled {@code false} turns the check off
 * @param tolerance how far below the expected throughput is still within (0.5: half)
 * @param minSteps steps with traffic needed before the check says anything
 */
@ConfigurationProperties("postflight.baseline.throughput")
public record BaselineThroughputConfig(@Nullable Boolean enabled, @Nullable Double tolerance,
                                       @Nullable Integer minSteps) {

    /** The judge's throughput check, or {@code null} when off. */
    public MetricCheck check() {
        if (enabled != null && !enabled) {
            return null;
        }
        MetricCheck d = BaselineJudge.DEFAULT_THROUGHPUT;
        try {
            return MetricCheck.throughput(tolerance == null ? d.tolerance() : tolerance,
                    minSteps == null ? d.minSteps() : minSteps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("postflight.baseline.throughput: " + e.getMessage(), e);
        }
    }
}
