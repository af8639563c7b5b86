package io.postflight.judge.baseline;

import io.postflight.metrics.CheckSeries;
import java.util.Objects;

/**
 * A custom check with what one look fetched for it.
 *
 * @param check the check
 * @param perRequest whether the values are divided by the version's requests in the same step
 * @param candidate the candidate's series from the deployment on
 * @param baseline the previous version's series over the window before the deployment, or {@code null}
 * @param control the previous version's series alongside the candidate, or {@code null}
 */
public record CheckData(MetricCheck check, boolean perRequest, CheckSeries candidate, CheckSeries baseline,
                        CheckSeries control) {
    public CheckData {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(candidate, "candidate");
    }
}
