package io.postflight.contracts.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.DeployAction;
import java.time.Instant;

/**
 * The CloudEvents envelope of a CDEvent after reading either content mode of the Kafka binding:
 * the context attributes Postflight uses and the data (the CDEvent) as JSON.
 *
 * @param specVersion CloudEvents {@code specversion} ({@code 1.0} or {@code 0.3})
 * @param id CloudEvents {@code id}
 * @param source CloudEvents {@code source}
 * @param type CloudEvents {@code type}, the CDEvents event type
 * @param time CloudEvents {@code time}, or {@code null} if absent
 * @param subject CloudEvents {@code subject}, or {@code null} if absent
 * @param action the deploy action the type announces
 * @param data the event data: the CDEvent JSON
 * @param intakeFormat {@code cloudevents-binary} or {@code cloudevents-structured}
 */
record CloudEvent(String specVersion, String id, String source, String type, Instant time,
                         String subject, DeployAction action, JsonNode data, String intakeFormat) {

    public static final String BINARY = "cloudevents-binary";
    public static final String STRUCTURED = "cloudevents-structured";
}
