package io.postflight.kafka;

import io.opentelemetry.context.Context;
import io.postflight.tracing.TraceHeaders;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * A record a processor wants written, and to which topic. Processors forward {@code Outgoing}
 * values and one sink routes them by {@link #topic()}, so a processor can emit to its result topic,
 * the verdict topic or the dead-letter topic without one sink node per destination.
 *
 * @param topic destination topic
 * @param value serialised value
 */
public record Outgoing(String topic, byte[] value) {
    public Outgoing {
        Objects.requireNonNull(topic, "topic");
    }

    /** Routes each record to its {@link #topic()}. */
    public static final TopicNameExtractor<String, Outgoing> ROUTER = (key, value, ctx) -> value.topic();

    /**
     * Largest value written. A larger one is refused here, as a serialisation error, before the
     * producer sees it: {@link UnwritableRecordHandler} then skips and counts it, and, unlike a
     * send the producer refuses, this does not abort an exactly-once transaction (which would
     * process the same input again and again). Below the producer's default 1 MiB
     * {@code max.request.size}, with room for key and headers.
     */
    public static final int MAX_VALUE_BYTES = 960 * 1024;

    /**
     * Writes only the value bytes; the topic was already used for routing. The trace context current
     * while the processor forwards (the record's verification, ADR 0026) goes into the record's
     * {@code traceparent} header: Kafka Streams serialises in the sink, on the forwarding thread.
     */
    public static Serde<Outgoing> serde() {
        return Serdes.serdeFrom(new ValueWriter(), (topic, bytes) -> {
            throw new UnsupportedOperationException("Outgoing is write-only");
        });
    }

    private static final class ValueWriter implements Serializer<Outgoing> {
        @Override
        public byte[] serialize(String topic, Outgoing o) {
            if (o != null && o.value() != null && o.value().length > MAX_VALUE_BYTES) {
                throw new SerializationException("a record of " + o.value().length + " bytes for " + topic
                        + " is above the " + MAX_VALUE_BYTES + " bytes Postflight writes");
            }
            return o == null ? null : o.value();
        }

        @Override
        public byte[] serialize(String topic, Headers headers, Outgoing o) {
            byte[] bytes = serialize(topic, o);
            TraceHeaders.inject(Context.current(), headers);
            return bytes;
        }
    }
}
