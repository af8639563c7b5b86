package io.postflight.contracts.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.DeployAction;
import java.time.Instant;

/**
 * What Postflight takes from the CloudEvents envelope of a CDEvent once the CloudEvents SDK has
 * read it ({@link KafkaCloudEventReader}): the context attributes the deploy event refers to, the
 * action the type announces, and the data (the CDEvent) as JSON for {@link CdEventMapper}.
 *
 * @param id CloudEvents {@code id}
 * @param source CloudEvents {@code source}, as sent
 * @param type CloudEvents {@code type}, the CDEvents event type
 * @param time CloudEvents {@code time}, or {@code null} if absent
 * @param action the deploy action the type announces
 * @param data the event data: the CDEvent JSON
 * @param mode the content mode the event arrived in
 */
record CdEventEnvelope(String id, String source, String type, Instant time, DeployAction action,
                       JsonNode data, ContentMode mode) {
}
