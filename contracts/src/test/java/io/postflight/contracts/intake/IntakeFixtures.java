package io.postflight.contracts.intake;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postflight.contracts.DeployEvent;
import io.postflight.contracts.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Example records from {@code src/test/resources/intake} and ways to send them. */
final class IntakeFixtures {

    static final String STRUCTURED = "application/cloudevents+json; charset=utf-8";

    private IntakeFixtures() {
    }

    static byte[] resource(String path) {
        try (InputStream in = IntakeFixtures.class.getResourceAsStream("/intake/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /intake/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode json(String path) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(resource(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode edited(String path, Consumer<ObjectNode> edit) {
        ObjectNode node = json(path);
        edit.accept(node);
        return node;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Binary-mode headers the way the CloudEvents Kafka binding writes them for {@code cdevent}. */
    static Map<String, String> binaryHeaders(JsonNode cdevent, String contentType) {
        JsonNode context = cdevent.get("context");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", context.get("id").textValue());
        headers.put("ce_source", context.get("source").textValue());
        headers.put("ce_type", context.get("type").textValue());
        headers.put("ce_time", context.get("timestamp").textValue());
        headers.put("ce_subject", cdevent.get("subject").get("id").textValue());
        headers.put("content-type", contentType);
        return headers;
    }

    /** The structured-mode CloudEvent wrapping {@code cdevent}, attributes as the binding requires. */
    static ObjectNode structured(JsonNode cdevent) {
        JsonNode context = cdevent.get("context");
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", context.get("id").textValue());
        event.put("source", context.get("source").textValue());
        event.put("type", context.get("type").textValue());
        event.put("time", context.get("timestamp").textValue());
        event.put("datacontenttype", "application/json");
        event.set("data", cdevent);
        return event;
    }

    static DeployEvent decode(Map<String, String> headers, byte[] value) {
        try {
            return new CloudEventsDeployEventDecoder().decode(headers, value);
        } catch (RejectedEventException e) {
            return fail("expected the event to be accepted, but: " + e.reason() + ": " + e.getMessage());
        }
    }

    static RejectedEventException rejection(Map<String, String> headers, byte[] value) {
        return rejection(new CloudEventsDeployEventDecoder(), headers, value);
    }

    static RejectedEventException rejection(DeployEventDecoder decoder, Map<String, String> headers, byte[] value) {
        try {
            DeployEvent accepted = decoder.decode(headers, value);
            return fail("expected a rejection, but decoded " + accepted);
        } catch (RejectedEventException e) {
            return e;
        }
    }
}
