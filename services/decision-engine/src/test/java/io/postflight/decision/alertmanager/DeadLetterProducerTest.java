package io.postflight.decision.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Dead letters keep the original record and say why, with the stream processors' header set. */
class DeadLetterProducerTest {

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void keepsKeyValueTimestampAndHeadersAndAddsTheReason() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-abc-01".getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.DLQ_REASON, "STALE".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<byte[], byte[]> original = new ConsumerRecord<>(Topics.ALERTS.name(), 2, 41L, 1_700_000_000_000L,
                TimestampType.CREATE_TIME, 11, 8, "checkout/prod".getBytes(StandardCharsets.UTF_8),
                "not json".getBytes(StandardCharsets.UTF_8), headers, Optional.empty());

        ProducerRecord<byte[], byte[]> dead = DeadLetterProducer.record(original, "alertmanager-notifier", "NOT_JSON",
                "x".repeat(3000));

        assertThat(dead.topic()).isEqualTo(Topics.DEAD_LETTER.name());
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("checkout/prod");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not json");
        assertThat(dead.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(header(dead, "traceparent")).isEqualTo("00-abc-01");
        assertThat(header(dead, Topics.DLQ_REASON)).isEqualTo("NOT_JSON");
        assertThat(dead.headers().headers(Topics.DLQ_REASON)).hasSize(1);
        assertThat(header(dead, Topics.DLQ_CONSUMER)).isEqualTo("alertmanager-notifier");
        assertThat(header(dead, Topics.DLQ_SOURCE_TOPIC)).isEqualTo("postflight.alerts");
        assertThat(header(dead, Topics.DLQ_SOURCE_PARTITION)).isEqualTo("2");
        assertThat(header(dead, Topics.DLQ_SOURCE_OFFSET)).isEqualTo("41");
        assertThat(header(dead, Topics.DLQ_DETAIL)).hasSize(2001).endsWith("…");
    }
}
