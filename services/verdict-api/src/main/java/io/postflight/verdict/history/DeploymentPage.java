package io.postflight.verdict.history;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * One page of a deployment list.
 *
 * @param items the deployments, newest first
 * @param next the cursor of the next page, {@code null} on the last page
 */
public record DeploymentPage(List<DeploymentSummary> items, @Nullable String next) {
    public DeploymentPage {
        items = List.copyOf(items);
    }
}
