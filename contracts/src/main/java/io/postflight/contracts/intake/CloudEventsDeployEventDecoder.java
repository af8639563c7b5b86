package io.postflight.contracts.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.DeployEvent;
import io.postflight.contracts.Identifiers;
import io.postflight.contracts.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The deploy-events intake decoder. Which form a record is in is decided in this order:
 * <ol>
 *   <li>{@code content-type: application/cloudevents+json} (any parameters): structured CloudEvent;</li>
 *   <li>any {@code ce_*} header: binary CloudEvent;</li>
 *   <li>otherwise the value is parsed as JSON: an object with {@code specversion} and {@code type}
 *       is taken as a structured CloudEvent whose producer forgot the content type; anything else
 *       is the plain {@code postflight.deploy/1} form.</li>
 * </ol>
 * Header names are matched case-insensitively. The size limit is checked before anything is parsed.
 * CloudEvents in either mode are read with the CloudEvents Java SDK ({@link KafkaCloudEventReader});
 * the form is chosen here, not by the SDK, because the SDK cannot recognise a structured event that
 * arrives without its content type, and because it matches content types case-sensitively.
 * The decoder is pure and deterministic: the same headers and bytes always give an equal
 * {@link DeployEvent} (same deployment id, same event id), which is what lets the gateway drop a
 * re-delivered event. It holds no state and is safe to share between threads.
 */
public final class CloudEventsDeployEventDecoder implements DeployEventDecoder {

    /** Largest record value accepted: 256 KiB, far above any real deploy event. */
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;

    private static final String STRUCTURED_MEDIA_TYPE = "application/cloudevents+json";

    private final int maxBytes;

    public CloudEventsDeployEventDecoder() {
        this(DEFAULT_MAX_BYTES);
    }

    /** @param maxBytes largest record value accepted, in bytes; larger ones are OVERSIZED */
    public CloudEventsDeployEventDecoder(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    public int maxBytes() {
        return maxBytes;
    }

    @Override
    public DeployEvent decode(Map<String, String> headers, byte[] value) throws RejectedEventException {
        if (value == null) {
            throw new RejectedEventException(RejectReason.SCHEMA_INVALID,
                    "empty record: the value is null (a tombstone), there is no deploy event to read");
        }
        if (value.length > maxBytes) {
            throw new RejectedEventException(RejectReason.OVERSIZED,
                    "record value is " + value.length + " bytes, above the limit of " + maxBytes + " bytes");
        }
        DeployEvent event = checked(decodeForm(caseInsensitive(headers), value));
        requireValidOutput(event);
        return event;
    }

    /**
     * The identifiers NFC-normalised and checked ({@link Identifiers}) and every target URL usable
     * ({@link io.postflight.contracts.TargetUrl}), whatever form the event came in; the message
     * names the field and the rule it breaks.
     */
    private static DeployEvent checked(DeployEvent event) throws RejectedEventException {
        try {
            return new DeployEvent(event.schema(), event.event(), event.action(),
                    Identifiers.deployment(event.deployment()), Identifiers.targets(event.targets()),
                    event.intakeFormat());
        } catch (IllegalArgumentException e) {
            throw new RejectedEventException(RejectReason.SCHEMA_INVALID, "the event's " + e.getMessage());
        }
    }

    private DeployEvent decodeForm(Map<String, String> headers, byte[] value) throws RejectedEventException {
        String contentType = headers.get("content-type");
        String mediaType = contentType == null ? null : MediaTypes.of(contentType);
        if (STRUCTURED_MEDIA_TYPE.equals(mediaType)) {
            return CdEventMapper.map(KafkaCloudEventReader.structured(JsonInput.parse(value, "record value")));
        }
        if (mediaType != null && mediaType.startsWith("application/cloudevents")) {
            throw new RejectedEventException(RejectReason.SCHEMA_INVALID, "content-type '" + contentType
                    + "' is not read: send one CloudEvent per record, as application/cloudevents+json"
                    + " (structured) or with ce_* headers (binary)");
        }
        if (hasCloudEventHeaders(headers)) {
            return CdEventMapper.map(KafkaCloudEventReader.binary(headers, value));
        }
        JsonNode root = JsonInput.requireObject(JsonInput.parse(value, "record value"), "record value");
        if (root.has("specversion") && root.has("type")) {
            return CdEventMapper.map(KafkaCloudEventReader.structured(root));
        }
        if (!root.has("schema") && root.has("context") && root.has("subject")) {
            throw new RejectedEventException(RejectReason.SCHEMA_INVALID, "the value looks like a CDEvent"
                    + " without its CloudEvents envelope: send it with ce_specversion, ce_id, ce_source and"
                    + " ce_type headers (binary mode) or wrapped as application/cloudevents+json");
        }
        return PlainDeployForm.decode(root);
    }

    /**
     * A last guard that what leaves intake honours postflight.deploy-event/1, e.g. that a service
     * name taken from a CDEvent subject id has no whitespace. Deploy events are few; the cost is nil.
     */
    private static void requireValidOutput(DeployEvent event) throws RejectedEventException {
        List<String> violations = ContractSchemas.violations(ContractSchemas.DEPLOY_EVENT,
                Json.MAPPER.valueToTree(event));
        if (!violations.isEmpty()) {
            throw new RejectedEventException(RejectReason.SCHEMA_INVALID, "the event decodes to a deploy event"
                    + " that breaks " + DeployEvent.SCHEMA + ": " + ContractSchemas.describe(violations));
        }
    }

    private static boolean hasCloudEventHeaders(Map<String, String> headers) {
        return headers.keySet().stream().anyMatch(name -> name.regionMatches(true, 0, "ce_", 0, 3));
    }

    private static Map<String, String> caseInsensitive(Map<String, String> headers) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value != null) {
                    map.put(name, value);
                }
            });
        }
        return map;
    }
}
