package io.postflight.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where an input record was read from (topic, partition, offset), carried in headers by the records
 * a topology derives from it. After a repartition the processor that rejects a record sees only the
 * repartition topic's coordinates; with these headers its dead letter still names the input record
 * an operator can find ({@link DeadLetters} reads them).
 *
 * @param topic the input topic
 * @param partition its partition
 * @param offset the record's offset
 */
public record RecordOrigin(String topic, int partition, long offset) {
    public static final String TOPIC = "postflight.origin.topic";
    public static final String PARTITION = "postflight.origin.partition";
    public static final String OFFSET = "postflight.origin.offset";
    /** Header names start so; such headers are internal and not copied into a dead letter. */
    static final String PREFIX = "postflight.origin.";
    /** Kafka Streams names the repartition topics it creates {@code <application.id>-<name>-repartition}. */
    static final String REPARTITION_SUFFIX = "-repartition";

    /**
     * Headers naming where the record {@code context} is processing came from: the origin it already
     * carries in {@code incoming}, or else the record's own coordinates. Empty when neither is known.
     */
    public static Headers headers(ProcessorContext<?, ?> context, Headers incoming) {
        Optional<RecordOrigin> origin = carried(context, incoming)
                .or(() -> context.recordMetadata().map(RecordOrigin::of));
        Headers h = new RecordHeaders();
        origin.ifPresent(o -> {
            h.add(TOPIC, o.topic().getBytes(StandardCharsets.UTF_8));
            h.add(PARTITION, String.valueOf(o.partition()).getBytes(StandardCharsets.UTF_8));
            h.add(OFFSET, String.valueOf(o.offset()).getBytes(StandardCharsets.UTF_8));
        });
        return h;
    }

    /**
     * The origin {@code headers} carry, trusted only while {@code context} reads a topology's own
     * repartition topic: on an input topic any producer could write these headers and make a dead
     * letter point at a record it never came from.
     */
    public static Optional<RecordOrigin> carried(ProcessorContext<?, ?> context, Headers headers) {
        boolean internal = context.recordMetadata().map(m -> m.topic().endsWith(REPARTITION_SUFFIX)).orElse(false);
        return internal ? in(headers) : Optional.empty();
    }

    /** The origin carried by {@code headers}, if they carry a complete and readable one. */
    static Optional<RecordOrigin> in(Headers headers) {
        if (headers == null) {
            return Optional.empty();
        }
        String topic = text(headers.lastHeader(TOPIC));
        String partition = text(headers.lastHeader(PARTITION));
        String offset = text(headers.lastHeader(OFFSET));
        if (topic == null || partition == null || offset == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RecordOrigin(topic, Integer.parseInt(partition), Long.parseLong(offset)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static RecordOrigin of(RecordMetadata m) {
        return new RecordOrigin(m.topic(), m.partition(), m.offset());
    }

    private static String text(Header h) {
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
