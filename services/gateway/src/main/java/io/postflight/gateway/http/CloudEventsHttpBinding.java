package io.postflight.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.Json;
import io.postflight.contracts.intake.MediaTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns an HTTP request into the deploy-events records the Kafka intake reads, so that both
 * intakes run one decoder and the rest of the pipeline cannot tell them apart:
 * <ul>
 *   <li>binary mode (CloudEvents HTTP binding): each {@code ce-*} header, percent-decoded, becomes
 *       the Kafka binding's {@code ce_*} header, {@code Content-Type} becomes {@code content-type},
 *       the body the value;</li>
 *   <li>structured mode ({@code application/cloudevents+json}) and the plain JSON form
 *       ({@code application/json}): the body with its {@code content-type};</li>
 *   <li>batch ({@code application/cloudevents-batch+json}): one structured record per element.</li>
 * </ul>
 * No other header is carried over: credentials and signatures stay at the door. Pure.
 */
public final class CloudEventsHttpBinding {
    static final String STRUCTURED = "application/cloudevents+json";
    static final String BATCH = "application/cloudevents-batch+json";

    private CloudEventsHttpBinding() {
    }

    /** One deploy-events record: Kafka binding headers and the value. */
    public record KafkaForm(Map<String, String> headers, byte[] value) {
    }

    /**
     * @param contentType the request's {@code Content-Type}, or {@code null}
     * @param headers every request header (name → its first value)
     * @param body the raw body
     * @param maxBatchEvents most events a batch may hold
     */
    public static List<KafkaForm> records(String contentType, Map<String, String> headers, byte[] body,
                                          int maxBatchEvents) throws IntakeRefusal {
        if (contentType == null || contentType.isBlank()) {
            throw new IntakeRefusal(Refusal.UNSUPPORTED_MEDIA_TYPE, "Content-Type is required: "
                    + STRUCTURED + ", " + BATCH + ", application/json, or a JSON type with ce-* headers (binary mode)");
        }
        String media = MediaTypes.of(contentType);
        Map<String, String> ceHeaders = ceHeaders(headers);
        if (media.equals(BATCH)) {
            return batch(body, maxBatchEvents);
        }
        if (media.equals(STRUCTURED)) {
            return List.of(new KafkaForm(Map.of("content-type", contentType), body));
        }
        if (media.startsWith("application/cloudevents")) {
            throw new IntakeRefusal(Refusal.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + media + "' is not read: use "
                    + STRUCTURED + " or " + BATCH);
        }
        if (!MediaTypes.isJson(media)) {
            throw new IntakeRefusal(Refusal.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + media + "' is not JSON: deploy"
                    + " events are CloudEvents or the plain JSON form (application/json)");
        }
        Map<String, String> kafka = new TreeMap<>(ceHeaders);
        kafka.put("content-type", contentType);
        return List.of(new KafkaForm(kafka, body));
    }

    private static List<KafkaForm> batch(byte[] body, int maxBatchEvents) throws IntakeRefusal {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IntakeRefusal(Refusal.NOT_JSON, "the batch is not JSON");
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new IntakeRefusal(Refusal.SCHEMA_INVALID, "a batch is a non-empty JSON array of structured CloudEvents");
        }
        if (root.size() > maxBatchEvents) {
            throw new IntakeRefusal(Refusal.OVERSIZED, "the batch holds " + root.size() + " events, above the limit of "
                    + maxBatchEvents);
        }
        List<KafkaForm> records = new ArrayList<>(root.size());
        for (JsonNode event : root) {
            try {
                records.add(new KafkaForm(Map.of("content-type", STRUCTURED), Json.MAPPER.writeValueAsBytes(event)));
            } catch (JsonProcessingException e) {
                throw new IntakeRefusal(Refusal.NOT_JSON, "a batch element cannot be written back as JSON");
            }
        }
        return records;
    }

    /** The {@code ce-*} headers as Kafka binding headers: {@code ce-id: a%20b} gives {@code ce_id: a b}. */
    static Map<String, String> ceHeaders(Map<String, String> headers) throws IntakeRefusal {
        Map<String, String> kafka = new TreeMap<>();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("ce-") && name.length() > 3) {
                kafka.put("ce_" + name.substring(3), percentDecoded(name, h.getValue()));
            }
        }
        return kafka;
    }

    /**
     * The HTTP binding percent-encodes a header value's spaces, quotes, percent signs and non-ASCII
     * characters (as UTF-8); the Kafka binding carries the characters themselves.
     */
    static String percentDecoded(String name, String value) throws IntakeRefusal {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%') {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int hi = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
            int lo = hi < 0 ? -1 : Character.digit(value.charAt(i + 2), 16);
            if (lo < 0) {
                throw new IntakeRefusal(Refusal.SCHEMA_INVALID, "header " + name + " has a '%' not followed by two"
                        + " hex digits (the CloudEvents HTTP binding percent-encodes header values)");
            }
            out.write(hi * 16 + lo);
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
