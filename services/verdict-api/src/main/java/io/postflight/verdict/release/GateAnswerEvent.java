package io.postflight.verdict.release;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postflight.contracts.Json;
import io.postflight.contracts.intake.ContractSchemas;
import java.util.Map;
import java.util.UUID;

/**
 * A release gate answer as it goes on the bus: a CloudEvent in structured mode whose data is a
 * CDEvents custom event ({@code dev.cdeventsx.postflight-releasegate.answered.0.1.0}, CDEvents 0.4:
 * custom types are {@code dev.cdeventsx.<tool>-<subject>.<predicate>.<version>}), so any CDEvents
 * consumer can file it beside the CD system's own events. Its content is the HTTP answer, every
 * check and reason included, and who asked. The CDEvent (the CloudEvent's data) is described by
 * {@code contracts/.../release-gate-answered.schema.json}, which its {@code schemaUri} names.
 */
public final class GateAnswerEvent {
    public static final String TYPE = "dev.cdeventsx.postflight-releasegate.answered.0.1.0";
    public static final String SOURCE = "/postflight/verdict-api/release-gate";
    /** A custom event's subject type: {@code <tool>-<subject>} of its event type. */
    static final String SUBJECT_TYPE = "postflight-releasegate";
    static final String CDEVENTS_SPEC = "0.4.1";
    /** Structured mode: the whole CloudEvent is the record's value. */
    public static final Map<String, String> HEADERS = Map.of("content-type", "application/cloudevents+json; charset=UTF-8");

    private GateAnswerEvent() {
    }

    /** The record's key: answers about one slot stay in order on one partition. */
    static String key(ReleaseAnswer answer) {
        return answer.service() + "/" + answer.environment();
    }

    /** The event for {@code answer}, asked by {@code askedBy}. */
    static byte[] of(ReleaseAnswer answer, String askedBy) {
        String id = UUID.randomUUID().toString();
        String time = answer.answeredAt().toString();
        // The CloudEvents binding of CDEvents: the CloudEvent's subject is the CDEvent's subject id.
        String subjectId = key(answer) + "@" + (answer.digest() != null ? answer.digest()
                : answer.version() != null ? answer.version() : "unnamed");
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", SOURCE);
        event.put("type", TYPE);
        event.put("time", time);
        event.put("subject", subjectId);
        event.put("datacontenttype", "application/json");
        ObjectNode data = event.putObject("data");
        ObjectNode context = data.putObject("context");
        context.put("version", CDEVENTS_SPEC);
        context.put("id", id);
        context.put("source", SOURCE);
        context.put("type", TYPE);
        context.put("timestamp", time);
        context.put("schemaUri", ContractSchemas.BASE_URI + ContractSchemas.RELEASE_GATE_ANSWERED);
        ObjectNode subject = data.putObject("subject");
        subject.put("id", subjectId);
        subject.put("source", SOURCE);
        subject.put("type", SUBJECT_TYPE);
        ObjectNode content = Json.MAPPER.valueToTree(answer);
        content.put("askedBy", askedBy);
        subject.set("content", content);
        try {
            return Json.MAPPER.writeValueAsBytes(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a gate answer could not be written as JSON", e);
        }
    }
}
