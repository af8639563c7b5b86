package io.postflight.kafka;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
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

    /** Writes only the value bytes; the topic was already used for routing. */
    public static Serde<Outgoing> serde() {
        return Serdes.serdeFrom(
                (topic, o) -> o == null ? null : o.value(),
                (topic, bytes) -> {
                    throw new UnsupportedOperationException("Outgoing is write-only");
                });
    }
}
