package io.postflight.kafka;

import io.postflight.contracts.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a service rejects a record it cannot use: the record goes to the dead-letter topic
 * with {@code postflight.dlq.*} headers saying why, where it came from and who rejected it; the
 * rejection is counted and logged. Never a crash, never a silent drop.
 *
 * <p>A dead letter always fits: its value is the original bytes while they are at most
 * {@link #MAX_PAYLOAD_BYTES}, otherwise a {@link DeadLetterReference} (topic, partition, offset,
 * size, SHA-256); the original headers are kept up to {@link #MAX_ORIGINAL_HEADER_BYTES} and the
 * key up to {@link #MAX_KEY_CHARS}. With the reason headers that is well under 1 MiB, the
 * producer's default {@code max.request.size} and the dead-letter topic's {@code max.message.bytes}
 * (see ADR 0011). A record that arrived compressed is measured as it was read, decompressed.
 */
public final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    /** Longest detail kept in a header: enough to read, never near a record size limit. */
    public static final int MAX_DETAIL = 2000;
    /** Largest original value a dead letter carries as it came; larger ones become a reference. */
    public static final int MAX_PAYLOAD_BYTES = 512 * 1024;
    /** Original headers are kept, in order, while their names and values add up to at most this. */
    public static final int MAX_ORIGINAL_HEADER_BYTES = 16 * 1024;
    /** Longer keys are replaced by {@code sha256:<hex>} of their UTF-8 bytes. */
    public static final int MAX_KEY_CHARS = 1024;
    /** {@link Topics#DLQ_PAYLOAD} values. */
    public static final String PAYLOAD_ORIGINAL = "original";
    public static final String PAYLOAD_REFERENCE = "reference";

    private DeadLetters() {
    }

    /**
     * Rejects {@code original}: counts it under {@code reason}, logs it, and forwards its dead letter.
     *
     * @param consumer the rejecting service ({@code gateway}, {@code health-verifier}, ...)
     * @param reason machine-readable reason (e.g. {@code NOT_JSON})
     * @param detail human-readable detail
     */
    public static <K> void reject(ProcessorContext<String, Outgoing> context, Record<K, byte[]> original,
                                  String consumer, String reason, String detail, RecordMetrics metrics) {
        metrics.deadLettered(consumer, reason);
        LOG.warn("dead-lettering a record from {}: {} ({})",
                context.recordMetadata().map(RecordMetadata::topic).orElse("?"), reason,
                detail == null ? "" : truncate(detail, MAX_DETAIL));
        context.forward(of(context, original, consumer, reason, detail));
    }

    /**
     * A dead-letter record for {@code original}, ready to forward from {@code context}; always
     * small enough to be written (see the class comment).
     *
     * @param consumer the rejecting service ({@code gateway}, {@code health-verifier}, ...)
     * @param reason machine-readable reason (e.g. {@code NOT_JSON})
     * @param detail human-readable detail
     */
    public static <K> Record<String, Outgoing> of(ProcessorContext<?, ?> context, Record<K, byte[]> original,
                                                 String consumer, String reason, String detail) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        String topic = source == null ? null : source.topic();
        int partition = source == null ? -1 : source.partition();
        long offset = source == null ? -1 : source.offset();
        Headers headers = headers(original.headers(), consumer, reason, detail, topic, partition, offset);
        byte[] value = original.value();
        if (value != null && value.length > MAX_PAYLOAD_BYTES) {
            value = DeadLetterReference.of(topic, partition, offset, value).toBytes();
            put(headers, Topics.DLQ_PAYLOAD, PAYLOAD_REFERENCE);
        }
        return new Record<>(key(original.key()), new Outgoing(Topics.DEAD_LETTER.name(), value),
                original.timestamp(), headers);
    }

    /**
     * The dead letter's headers: the original ones (up to {@link #MAX_ORIGINAL_HEADER_BYTES}) plus
     * {@code postflight.dlq.*} saying why, who rejected it and, when {@code topic} is known, where it
     * came from. Shared by every path that writes dead letters (the stream processors and the
     * Alertmanager notifier's producer).
     */
    public static Headers headers(Headers original, String consumer, String reason, String detail,
                                  String topic, int partition, long offset) {
        Headers headers = new RecordHeaders();
        int kept = 0;
        int dropped = 0;
        for (Header h : original == null ? new Header[0] : original.toArray()) {
            int size = h.key().length() + (h.value() == null ? 0 : h.value().length);
            if (h.key().startsWith("postflight.dlq.") || kept + size > MAX_ORIGINAL_HEADER_BYTES) {
                dropped += h.key().startsWith("postflight.dlq.") ? 0 : 1;
                continue;
            }
            headers.add(h);
            kept += size;
        }
        put(headers, Topics.DLQ_REASON, reason);
        put(headers, Topics.DLQ_DETAIL, detail == null ? "" : truncate(detail, MAX_DETAIL));
        put(headers, Topics.DLQ_CONSUMER, consumer);
        put(headers, Topics.DLQ_PAYLOAD, PAYLOAD_ORIGINAL);
        if (dropped > 0) {
            put(headers, Topics.DLQ_HEADERS_DROPPED, String.valueOf(dropped));
        }
        if (topic != null) {
            put(headers, Topics.DLQ_SOURCE_TOPIC, topic);
            put(headers, Topics.DLQ_SOURCE_PARTITION, String.valueOf(partition));
            put(headers, Topics.DLQ_SOURCE_OFFSET, String.valueOf(offset));
        }
        return headers;
    }

    private static String key(Object key) {
        String text = key == null ? null
                : key instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(key);
        return text == null || text.length() <= MAX_KEY_CHARS ? text
                : "sha256:" + DeadLetterReference.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
