package io.postflight.contracts;

import java.util.List;
import java.util.Objects;

/**
 * A deploy announcement after intake: whatever form it arrived in (CDEvents in structured or
 * binary CloudEvents, or the plain JSON form), this is what the gateway understood of it.
 *
 * @param schema always {@link #SCHEMA}
 * @param event the original event's identity
 * @param action deployed, upgraded or rolled back
 * @param deployment what was deployed where
 * @param targets instances to probe carried in the event (may be empty: configuration supplies them)
 * @param intakeFormat how it arrived: {@code cloudevents-structured}, {@code cloudevents-binary} or {@code plain}
 */
public record DeployEvent(String schema, EventRef event, DeployAction action, DeploymentRef deployment,
                          List<Target> targets, String intakeFormat) implements Versioned {
    public static final String SCHEMA = "postflight.deploy-event/1";

    public DeployEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(deployment, "deployment");
        schema = schema == null ? SCHEMA : schema;
        targets = targets == null ? List.of() : List.copyOf(targets);
    }
}
