package io.postflight.contracts.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cloudevents.rw.CloudEventRWException;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the CloudEvents SDK refuses into Postflight's reject reasons, worded so a producer can
 * act on them (the dead-letter header carries the reason, the message says what to fix).
 * <p>
 * The SDK says what is wrong in two ways. Binary mode throws {@link CloudEventRWException} (with a
 * kind, but the attribute only in the message) or {@link IllegalStateException} for a missing
 * attribute. The JSON format folds every envelope problem into a Jackson exception whose message is
 * the only detail left. So both are matched on the SDK's message shapes below. Each shape is pinned
 * by a test (IntakeRejectionTest, CloudEventsSdkIntakeTest): an SDK upgrade that rewords one fails
 * the build instead of quietly changing a dead-letter reason. Anything unmatched is SCHEMA_INVALID
 * with the SDK's own words.
 */
final class CloudEventsSdkRejections {

    /** The CloudEvents spec versions the SDK reads ({@link io.cloudevents.SpecVersion}). */
    static final String ACCEPTED_SPEC_VERSIONS = "1.0, 0.3";

    private static final Pattern BAD_SPEC_VERSION = Pattern.compile("Invalid specversion: (.*)", Pattern.DOTALL);
    // Binary mode: the builder's IllegalStateException; structured mode: the JSON format's message.
    private static final Pattern MISSING = Pattern.compile(
            "Attribute '([a-z0-9]+)' cannot be null|Missing mandatory ([a-z0-9]+) attribute");
    private static final Pattern WRONG_TYPE = Pattern.compile(
            "Wrong type ([A-Z]+) for attribute ([a-z0-9_]+), expecting ([A-Z]+)");
    private static final Pattern BAD_VALUE = Pattern.compile(
            "Invalid attribute/extension value for \"([a-z0-9]+)\": (.*)", Pattern.DOTALL);
    // JSON format: an extension number that is not a 32-bit integer, the only number CloudEvents has.
    private static final Pattern BAD_EXTENSION_TYPE = Pattern.compile(
            "Invalid attribute/extension type for \"([a-z0-9]+)\": Type ?[\\w.]+\\. Value: (.*)", Pattern.DOTALL);
    // Jackson's own words when the JSON format decodes data_base64 (or 0.3 base64 data).
    private static final Pattern BROKEN_BASE64 = Pattern.compile("broken Base64 encoding: (.*)", Pattern.DOTALL);

    private static final Set<String> REQUIRED = Set.of("specversion", "id", "source", "type");
    private static final Set<String> URI_ATTRIBUTES = Set.of("source", "dataschema", "schemaurl");

    private CloudEventsSdkRejections() {
    }

    /** What {@code KafkaMessageFactory.createReader(..).toEvent()} threw. */
    static RejectedEventException binary(RuntimeException e) {
        if (e instanceof CloudEventRWException rw && rw.getKind() == CloudEventRWException.CloudEventRWExceptionKind.UNKNOWN_ENCODING) {
            // The decoder chose binary mode because of ce_* headers; the SDK needs ce_specversion to agree.
            return ContentMode.BINARY.lacks("specversion");
        }
        // Without data the builder's exception comes wrapped ("java.lang.IllegalStateException: ..."),
        // hence find() rather than matches() below.
        return translate(ContentMode.BINARY, e.getMessage());
    }

    /** What the JSON format's Jackson deserializer threw. */
    static RejectedEventException structured(IOException e) {
        return translate(ContentMode.STRUCTURED,
                e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage());
    }

    private static RejectedEventException translate(ContentMode mode, String message) {
        if (message == null) {
            // SDK 4.0.1 gives no reason only when data_base64 is not a string (a null reaches its data wrapper).
            return invalid(mode.description() + " could not be read by the CloudEvents SDK, which gave no reason"
                    + " (seen when data_base64 is not a base64 string)");
        }
        Matcher m = BAD_SPEC_VERSION.matcher(message);
        if (m.find()) {
            String version = m.group(1);
            return version.isBlank() ? mode.lacks("specversion")
                    : new RejectedEventException(RejectReason.UNSUPPORTED_VERSION, "CloudEvents specversion '"
                            + version + "' is not supported; accepted: " + ACCEPTED_SPEC_VERSIONS);
        }
        m = MISSING.matcher(message);
        if (m.find()) {
            return mode.lacks(m.group(1) != null ? m.group(1) : m.group(2));
        }
        m = WRONG_TYPE.matcher(message);
        if (m.find()) {
            return invalid(mode.description() + " attribute '" + m.group(2) + "' is a " + lower(m.group(1))
                    + ", expected a " + lower(m.group(3)));
        }
        m = BAD_VALUE.matcher(message);
        if (m.find()) {
            return badValue(mode, m.group(1), m.group(2));
        }
        m = BAD_EXTENSION_TYPE.matcher(message);
        if (m.find()) {
            return invalid(mode.description() + " extension '" + m.group(1) + "' is " + m.group(2)
                    + "; CloudEvents extension values are strings, booleans or 32-bit integers");
        }
        m = BROKEN_BASE64.matcher(message);
        if (m.find()) {
            return invalid(mode.description() + " data_base64 is not base64: " + m.group(1));
        }
        return invalid(mode.description() + " could not be read by the CloudEvents SDK: " + message);
    }

    private static RejectedEventException badValue(ContentMode mode, String attribute, String value) {
        if (value.isBlank() && REQUIRED.contains(attribute)) {
            return mode.lacks(attribute);
        }
        String where = mode.locate(attribute) + " '" + value + "'";
        if (attribute.equals("time")) {
            return invalid(where + " is not an RFC 3339 timestamp");
        }
        if (URI_ATTRIBUTES.contains(attribute)) {
            return invalid(where + " is not a URI reference, which CloudEvents requires of " + attribute);
        }
        return invalid(where + " is not a valid value for " + attribute);
    }

    private static String lower(String jsonNodeType) {
        return jsonNodeType.toLowerCase(Locale.ROOT);
    }

    private static RejectedEventException invalid(String message) {
        return new RejectedEventException(RejectReason.SCHEMA_INVALID, message);
    }
}
