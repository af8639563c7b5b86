package io.postflight.kafka;

import io.postflight.contracts.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a service rejects a record it cannot use: the record goes to the dead-letter topic
 * with its original bytes and headers plus {@code postflight.dlq.*} headers saying why, where it
 * came from and who rejected it; the rejection is counted and logged. Never a crash, never a
 * silent drop.
 */
public final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    /** Longest detail kept in a header: enough to read, never near a record size limit. */
    public static final int MAX_DETAIL = 2000;

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
                context.recordMetadata().map(RecordMetadata::topic).orElse("?"), reason, detail);
        context.forward(of(context, original, consumer, reason, detail));
    }

    /**
     * A dead-letter record for {@code original}, ready to forward from {@code context}.
     *
     * @param consumer the rejecting service ({@code gateway}, {@code health-verifier}, ...)
     * @param reason machine-readable reason (e.g. {@code NOT_JSON})
     * @param detail human-readable detail
     */
    public static <K> Record<String, Outgoing> of(ProcessorContext<?, ?> context, Record<K, byte[]> original,
                                                 String consumer, String reason, String detail) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        Headers headers = source == null
                ? headers(original.headers(), consumer, reason, detail, null, -1, -1)
                : headers(original.headers(), consumer, reason, detail, source.topic(), source.partition(),
                        source.offset());
        String key = original.key() == null ? null
                : original.key() instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
                : String.valueOf(original.key());
        return new Record<>(key, new Outgoing(Topics.DEAD_LETTER.name(), original.value()),
                original.timestamp(), headers);
    }

    /**
     * The dead letter's headers: the original ones plus {@code postflight.dlq.*} saying why, who
     * rejected it and, when {@code topic} is known, where it came from. Shared by every path that
     * writes dead letters (the stream processors and the Alertmanager notifier's producer).
     */
    public static Headers headers(Headers original, String consumer, String reason, String detail,
                                  String topic, int partition, long offset) {
        Headers headers = new RecordHeaders(original.toArray());
        put(headers, Topics.DLQ_REASON, reason);
        put(headers, Topics.DLQ_DETAIL, detail == null ? "" : truncate(detail, MAX_DETAIL));
        put(headers, Topics.DLQ_CONSUMER, consumer);
        if (topic != null) {
            put(headers, Topics.DLQ_SOURCE_TOPIC, topic);
            put(headers, Topics.DLQ_SOURCE_PARTITION, String.valueOf(partition));
            put(headers, Topics.DLQ_SOURCE_OFFSET, String.valueOf(offset));
        }
        return headers;
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
