package io.postflight.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a provider is asked for: one version of one service in one environment, over a window.
 *
 * @param service service name
 * @param environment environment name
 * @param version the version whose metrics are wanted
 * @param role which side of the comparison this version plays
 * @param from window start (inclusive)
 * @param to window end (exclusive)
 * @param step resolution
 */
public record MetricQuery(String service, String environment, String version, VersionRole role,
                          Instant from, Instant to, Duration step) {
    public MetricQuery {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(step, "step");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("window must end after it starts");
        }
    }
}
