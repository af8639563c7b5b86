package io.postflight.contracts.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.DeployAction;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a CloudEvent from a Kafka record in either content mode of the CloudEvents Kafka protocol
 * binding. Binary mode: context attributes in {@code ce_*} headers, the data content type in
 * {@code content-type}, the data (the CDEvent) as the record value. Structured mode: the whole event
 * in the JSON event format as the value, {@code content-type: application/cloudevents+json}.
 * The event type is checked before the data is parsed, so an event Postflight does not handle is
 * refused as UNKNOWN_TYPE whatever its data looks like.
 */
final class CloudEventReader {

    /** CloudEvents spec versions read: 1.0, and 0.3 whose JSON attribute names are the same. */
    static final Set<String> SPEC_VERSIONS = Set.of("1.0", "0.3");

    private CloudEventReader() {
    }

    /** @param headers record headers in a case-insensitive map */
    static CloudEvent binary(Map<String, String> headers, byte[] value) throws RejectedEventException {
        String specVersion = requireHeader(headers, "ce_specversion");
        checkSpecVersion(specVersion);
        String id = requireHeader(headers, "ce_id");
        String source = requireHeader(headers, "ce_source");
        String type = requireHeader(headers, "ce_type");
        DeployAction action = CdEventType.actionOf(type);
        Instant time = parseTime(headers.get("ce_time"), "header ce_time");
        String contentType = headers.getOrDefault("content-type", headers.get("ce_datacontenttype"));
        requireJsonContentType(contentType, "header content-type");
        JsonNode data = JsonInput.parse(value, "CloudEvent data (the record value)");
        return new CloudEvent(specVersion, id, source, type, time, headers.get("ce_subject"), action,
                data, CloudEvent.BINARY);
    }

    /** @param event the record value, already parsed */
    static CloudEvent structured(JsonNode event) throws RejectedEventException {
        JsonInput.requireObject(event, "structured CloudEvent");
        String specVersion = requireAttribute(event, "specversion");
        checkSpecVersion(specVersion);
        String id = requireAttribute(event, "id");
        String source = requireAttribute(event, "source");
        String type = requireAttribute(event, "type");
        DeployAction action = CdEventType.actionOf(type);
        Instant time = parseTime(optionalAttribute(event, "time"), "attribute time");
        String subject = optionalAttribute(event, "subject");
        requireJsonContentType(optionalAttribute(event, "datacontenttype"), "attribute datacontenttype");
        return new CloudEvent(specVersion, id, source, type, time, subject, action, structuredData(event),
                CloudEvent.STRUCTURED);
    }

    private static JsonNode structuredData(JsonNode event) throws RejectedEventException {
        JsonNode base64 = event.get("data_base64");
        JsonNode data = event.get("data");
        // CloudEvents 0.3 marked base64 data with datacontentencoding instead of data_base64.
        if (base64 == null && data != null && data.isTextual()
                && "base64".equalsIgnoreCase(optionalAttribute(event, "datacontentencoding"))) {
            base64 = data;
        }
        if (base64 != null) {
            if (!base64.isTextual()) {
                throw invalid("structured CloudEvent attribute data_base64 is not a string");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(base64.textValue());
            } catch (IllegalArgumentException e) {
                throw invalid("structured CloudEvent data_base64 is not base64: " + e.getMessage());
            }
            return JsonInput.parse(bytes, "CloudEvent data_base64");
        }
        if (data == null || data.isNull()) {
            throw invalid("structured CloudEvent has no data (expected the CDEvent in data)");
        }
        // Some producers serialise the CDEvent to a string before handing it to their SDK.
        return data.isTextual()
                ? JsonInput.parse(data.textValue().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "CloudEvent data (a string)")
                : data;
    }

    private static void checkSpecVersion(String specVersion) throws RejectedEventException {
        if (!SPEC_VERSIONS.contains(specVersion)) {
            throw new RejectedEventException(RejectReason.UNSUPPORTED_VERSION,
                    "CloudEvents specversion '" + specVersion + "' is not supported; accepted: 1.0, 0.3");
        }
    }

    private static void requireJsonContentType(String contentType, String where) throws RejectedEventException {
        if (!isJsonMediaType(contentType)) {
            throw invalid(where + " is '" + contentType + "'; CDEvents data must be JSON"
                    + " (application/json or application/cdevents+json)");
        }
    }

    /** Absent means JSON (the CloudEvents default); otherwise application/json, text/json or any +json. */
    static boolean isJsonMediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String media = mediaType(contentType);
        return media.equals("application/json") || media.equals("text/json") || media.endsWith("+json");
    }

    /** The media type without parameters, lower case ({@code application/cloudevents+json; charset=utf-8} gives {@code application/cloudevents+json}). */
    static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** RFC 3339 timestamp, or {@code null} if absent. */
    static Instant parseTime(String value, String where) throws RejectedEventException {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(where + " '" + value + "' is not an RFC 3339 timestamp");
        }
    }

    private static String requireHeader(Map<String, String> headers, String name) throws RejectedEventException {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            throw invalid("binary-mode CloudEvent lacks header " + name);
        }
        return value;
    }

    private static String requireAttribute(JsonNode event, String name) throws RejectedEventException {
        String value = optionalAttribute(event, name);
        if (value == null || value.isBlank()) {
            throw invalid("structured CloudEvent lacks attribute '" + name + "'");
        }
        return value;
    }

    private static String optionalAttribute(JsonNode event, String name) throws RejectedEventException {
        JsonNode node = event.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid("structured CloudEvent attribute '" + name + "' is a "
                    + node.getNodeType().name().toLowerCase(Locale.ROOT) + ", expected a string");
        }
        return node.textValue();
    }

    private static RejectedEventException invalid(String message) {
        return new RejectedEventException(RejectReason.SCHEMA_INVALID, message);
    }
}
