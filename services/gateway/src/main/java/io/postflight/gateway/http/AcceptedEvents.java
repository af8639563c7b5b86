package io.postflight.gateway.http;

import io.micronaut.core.annotation.Nullable;
import io.postflight.contracts.DeployEvent;
import java.util.List;

/**
 * The body of a {@code 202}: what was accepted, so that a CD system can log the deployment id it
 * will find in verdicts. For one event, {@code deploymentId}, {@code slot} and {@code eventId} are
 * also at the top level.
 *
 * @param deploymentId the deployment id, when one event was posted
 * @param slot its slot ({@code service/environment}), when one event was posted
 * @param eventId its event id, when one event was posted
 * @param accepted every event accepted, in the order posted
 */
public record AcceptedEvents(@Nullable String deploymentId, @Nullable String slot, @Nullable String eventId, List<Accepted> accepted) {

    /** One accepted event. */
    public record Accepted(String deploymentId, String slot, String eventId) {
    }

    static AcceptedEvents of(List<DeployEvent> events) {
        List<Accepted> all = events.stream().map(e -> new Accepted(e.deployment().deploymentId(),
                e.deployment().slot(), e.event().id())).toList();
        Accepted one = all.size() == 1 ? all.get(0) : null;
        return new AcceptedEvents(one == null ? null : one.deploymentId(), one == null ? null : one.slot(),
                one == null ? null : one.eventId(), all);
    }
}
