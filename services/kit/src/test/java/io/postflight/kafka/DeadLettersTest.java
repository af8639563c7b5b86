package io.postflight.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postflight.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** Every dead letter fits: large values become references, headers and keys stay small. */
class DeadLettersTest {
    /** The producer's default max.request.size, below the broker's default message.max.bytes. */
    private static final int PRODUCER_LIMIT = 1024 * 1024;
    private final MockProcessorContext<String, Outgoing> context = new MockProcessorContext<>();

    DeadLettersTest() {
        context.setRecordMetadata("postflight.deploy-events", 2, 41L);
    }

    @Test
    void aSmallRecordIsKeptByteForByteWithItsHeaders() {
        Headers original = new RecordHeaders();
        original.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        byte[] value = "{not json".getBytes(StandardCharsets.UTF_8);
        Record<String, Outgoing> letter = DeadLetters.of(context, new Record<>("k", value, 5L, original), "gateway",
                "NOT_JSON", "unexpected end");
        assertThat(letter.value().value()).isEqualTo(value);
        assertThat(header(letter, "content-type")).isEqualTo("application/json");
        assertThat(header(letter, Topics.DLQ_PAYLOAD)).isEqualTo("original");
        assertThat(header(letter, Topics.DLQ_SOURCE_OFFSET)).isEqualTo("41");
    }

    @Test
    void aRecordTooLargeToCopyBecomesAReferenceThatFits() throws Exception {
        byte[] value = new byte[2 * 1024 * 1024];
        Arrays.fill(value, (byte) 'x');
        Headers original = new RecordHeaders();
        for (int i = 0; i < 100; i++) {
            original.add("h" + i, new byte[1024]);
        }
        Record<String, Outgoing> letter = DeadLetters.of(context, new Record<>("k".repeat(100_000), value, 5L, original),
                "gateway", "OVERSIZED", "d".repeat(1_000_000));
        assertThat(header(letter, Topics.DLQ_PAYLOAD)).isEqualTo("reference");
        DeadLetterReference ref = DeadLetterReference.read(letter.value().value());
        assertThat(ref.topic()).isEqualTo("postflight.deploy-events");
        assertThat(ref.partition()).isEqualTo(2);
        assertThat(ref.offset()).isEqualTo(41L);
        assertThat(ref.size()).isEqualTo(value.length);
        assertThat(ref.sha256()).hasSize(64).isEqualTo(DeadLetterReference.sha256(value));
        assertThat(letter.key()).startsWith("sha256:").hasSize(7 + 64);
        assertThat(header(letter, Topics.DLQ_HEADERS_DROPPED)).isEqualTo(String.valueOf(100 - 15));
        assertThat(size(letter)).isLessThan(PRODUCER_LIMIT / 8);
    }

    @Test
    void theLargestValueKeptAsItCameStillFitsWithTheLargestHeaders() {
        byte[] value = new byte[DeadLetters.MAX_PAYLOAD_BYTES];
        Headers original = new RecordHeaders();
        for (int i = 0; i < 64; i++) {
            original.add("h" + i, new byte[1024]);
        }
        Record<String, Outgoing> letter = DeadLetters.of(context, new Record<>("k".repeat(5000), value, 5L, original),
                "gateway", "SCHEMA_INVALID", "d".repeat(1_000_000));
        assertThat(letter.value().value()).isSameAs(value);
        assertThat(size(letter)).isLessThan(PRODUCER_LIMIT);
    }

    @Test
    void rejectCountsOnce() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DeadLetters.reject(context, new Record<>("k", new byte[3 * 1024 * 1024], 5L), "gateway", "OVERSIZED", "big",
                new RecordMetrics(registry));
        assertThat(registry.get("postflight.records.deadlettered").tag("reason", "OVERSIZED").counter().count())
                .isEqualTo(1.0);
        assertThat(context.forwarded()).hasSize(1);
    }

    private static String header(Record<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Key, value and headers: what the producer's size check adds up (less a few bytes of framing). */
    private static int size(Record<String, Outgoing> r) {
        int size = r.key() == null ? 0 : r.key().getBytes(StandardCharsets.UTF_8).length;
        size += r.value().value() == null ? 0 : r.value().value().length;
        for (var h : r.headers()) {
            size += h.key().length() + (h.value() == null ? 0 : h.value().length) + 10;
        }
        return size + 100;
    }
}
