package io.postflight.contracts;

import jakarta.annotation.Nullable;
import java.time.Instant;

/**
 * Points back at the deploy event a verification, result or decision answers.
 *
 * @param id the event's id (CloudEvents {@code id} or the plain form's {@code eventId})
 * @param source the event's source (CloudEvents {@code source})
 * @param type the event's type, e.g. {@code dev.cdevents.service.deployed.0.2.0}
 * @param time when the CD system says the deployment happened
 */
public record EventRef(String id, @Nullable String source, String type, @Nullable Instant time) {
}
