package io.postflight.contracts.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.jackson.JsonFormatOptions;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import io.postflight.contracts.DeployAction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Reads the CloudEvent of a Kafka record with the CloudEvents Java SDK, in either content mode of
 * the Kafka protocol binding, and keeps what Postflight needs as a {@link CdEventEnvelope}.
 * Binary mode: {@link KafkaMessageFactory} reads the {@code ce_*} headers and {@code content-type}.
 * Structured mode: the SDK's JSON event format (its Jackson module) reads the envelope, which
 * {@link JsonInput} has already parsed strictly (no duplicate members, no trailing bytes).
 * What the SDK refuses becomes a rejection in {@link CloudEventsSdkRejections}.
 * <p>
 * On top of the SDK: the required attributes must not be blank (the SDK only requires them
 * present), the type must be one Postflight handles (checked before the data is parsed, so such an
 * event is UNKNOWN_TYPE whatever its data looks like), and the data must be JSON. Two workarounds
 * here stay hand-written because the SDK cannot do what they do ({@link #takeJsonData} and the
 * header filter in {@link #kafkaHeaders}); see docs/adr/0007-cloudevents-sdk.md and
 * {@code CloudEventsSdkGapsTest}.
 */
final class KafkaCloudEventReader {

    // Extension names the SDK accepts (CloudEvents naming convention). Invalid ones are skipped as
    // the JSON format does with forceIgnoreInvalidExtensionNameDeserialization: Postflight reads no
    // extension, and a stray header must not cost a deployment its verification.
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z0-9]+");

    private static final ObjectReader JSON_FORMAT = JsonMapper.builder()
            .addModule(JsonFormat.getCloudEventJacksonModule(JsonFormatOptions.builder()
                    .forceIgnoreInvalidExtensionNameDeserialization(true)
                    .build()))
            .build()
            .readerFor(CloudEvent.class);

    private KafkaCloudEventReader() {
    }

    /** @param headers record headers in a case-insensitive map */
    static CdEventEnvelope binary(Map<String, String> headers, byte[] value) throws RejectedEventException {
        CloudEvent event;
        try {
            event = KafkaMessageFactory.createReader(kafkaHeaders(headers), value).toEvent();
        } catch (CloudEventRWException | IllegalStateException e) {
            throw CloudEventsSdkRejections.binary(e);
        }
        requireNonBlankAttributes(event, ContentMode.BINARY);
        DeployAction action = CdEventType.actionOf(event.getType());
        requireJsonContentType(event, ContentMode.BINARY);
        CloudEventData data = event.getData(); // absent when the value is empty
        JsonNode cdevent = JsonInput.parse(data == null ? new byte[0] : data.toBytes(),
                "CloudEvent data (the record value)");
        return envelope(event, action, cdevent, ContentMode.BINARY);
    }

    /** @param value the record value, already parsed */
    static CdEventEnvelope structured(JsonNode value) throws RejectedEventException {
        ObjectNode envelope = (ObjectNode) JsonInput.requireObject(value, "structured CloudEvent").deepCopy();
        JsonNode jsonData = takeJsonData(envelope);
        CloudEvent event;
        try {
            event = JSON_FORMAT.readValue(envelope);
        } catch (IOException e) {
            throw CloudEventsSdkRejections.structured(e);
        }
        requireNonBlankAttributes(event, ContentMode.STRUCTURED);
        DeployAction action = CdEventType.actionOf(event.getType());
        requireJsonContentType(event, ContentMode.STRUCTURED);
        JsonNode cdevent = jsonData != null ? jsonData : dataTheSdkKept(event, value);
        if (cdevent == null || cdevent.isNull()) {
            throw invalid("structured CloudEvent has no data (expected the CDEvent in data)");
        }
        return envelope(event, action, cdevent, ContentMode.STRUCTURED);
    }

    /**
     * Takes a data member that is JSON (not a string) out of the envelope before the SDK reads it.
     * The SDK's JSON format accepts JSON data only when datacontenttype matches its own pattern,
     * {@code (application|text)/[letters+]json}, case-sensitively, and refuses e.g.
     * {@code application/vnd.cdevents+json}, which the CloudEvents JSON format counts as JSON.
     * Whether the content type is JSON is Postflight's check ({@link #requireJsonContentType});
     * string data, data_base64 and both together are left to the SDK.
     */
    private static JsonNode takeJsonData(ObjectNode envelope) {
        JsonNode data = envelope.get("data");
        if (data == null || data.isTextual() || envelope.has("data_base64")) {
            return null;
        }
        return envelope.remove("data");
    }

    /**
     * Data the SDK kept, parsed: a JSON string, or bytes from data_base64 (or from a string whose
     * content type the SDK does not count as JSON); {@code null} when there is none.
     */
    private static JsonNode dataTheSdkKept(CloudEvent event, JsonNode envelope) throws RejectedEventException {
        CloudEventData data = event.getData();
        if (data == null) {
            return null;
        }
        // Some producers serialise the CDEvent to a string before handing it to their SDK.
        if (data instanceof JsonCloudEventData json) {
            JsonNode node = json.getNode();
            return node.isTextual()
                    ? JsonInput.parse(node.textValue().getBytes(StandardCharsets.UTF_8), "CloudEvent data (a string)")
                    : node;
        }
        boolean base64 = envelope.has("data_base64") || envelope.has("datacontentencoding");
        return JsonInput.parse(data.toBytes(), base64 ? "CloudEvent data_base64" : "CloudEvent data (a string)");
    }

    /** The SDK requires id, source and type present; the spec also wants them non-empty. */
    private static void requireNonBlankAttributes(CloudEvent event, ContentMode mode) throws RejectedEventException {
        if (event.getId().isBlank()) {
            throw mode.lacks("id");
        }
        if (event.getSource().toString().isBlank()) {
            throw mode.lacks("source");
        }
        if (event.getType().isBlank()) {
            throw mode.lacks("type");
        }
    }

    private static void requireJsonContentType(CloudEvent event, ContentMode mode) throws RejectedEventException {
        String contentType = event.getDataContentType();
        if (!MediaTypes.isJson(contentType)) {
            throw invalid(mode.locate("datacontenttype") + " is '" + contentType + "'; CDEvents data must be JSON"
                    + " (application/json or application/cdevents+json)");
        }
    }

    private static CdEventEnvelope envelope(CloudEvent event, DeployAction action, JsonNode data, ContentMode mode) {
        return new CdEventEnvelope(event.getId(), event.getSource().toString(), event.getType(),
                event.getTime() == null ? null : event.getTime().toInstant(), action, data, mode);
    }

    /**
     * The headers as the SDK expects them: lower-case names (the binding's names are lower case;
     * Postflight matches them whatever their case), only valid attribute names after {@code ce_},
     * and {@code content-type} last so that it wins over a {@code ce_datacontenttype} header.
     */
    private static Headers kafkaHeaders(Map<String, String> headers) {
        RecordHeaders kafka = new RecordHeaders();
        String contentType = null;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("content-type")) {
                contentType = header.getValue();
            } else if (!name.startsWith("ce_") || ATTRIBUTE_NAME.matcher(name.substring(3)).matches()) {
                kafka.add(name, header.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        if (contentType != null) {
            kafka.add("content-type", contentType.getBytes(StandardCharsets.UTF_8));
        }
        return kafka;
    }

    private static RejectedEventException invalid(String message) {
        return new RejectedEventException(RejectReason.SCHEMA_INVALID, message);
    }
}
