package io.postflight.decision.alertmanager;

import io.postflight.contracts.Topics;
import io.postflight.kafka.DeadLetters;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes records a plain consumer cannot use to {@code postflight.dead-letter}: the original key,
 * bytes and headers, plus the same {@code postflight.dlq.*} headers as the stream processors'
 * dead letters ({@link io.postflight.kafka.DeadLetters}), so one runbook and one replay procedure
 * serve both. Each write is acknowledged by the broker before it returns: the caller commits the
 * original only after that.
 */
final class DeadLetterProducer implements AutoCloseable {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<byte[], byte[]> producer;

    /** @param clientProperties the service's Kafka client settings (broker list, security) */
    DeadLetterProducer(Properties clientProperties, String clientId) {
        Properties p = new Properties();
        // Only what a producer understands; the rest (group ids, deserializers) would only warn.
        clientProperties.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(String.valueOf(k))) {
                p.put(k, v);
            }
        });
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Writes the dead letter for {@code original} and waits for the broker's acknowledgement. */
    void send(ConsumerRecord<byte[], byte[]> original, String consumer, String reason, String detail)
            throws ExecutionException, InterruptedException, TimeoutException {
        producer.send(record(original, consumer, reason, detail))
                .get(SEND_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    }

    /** The dead-letter record for {@code original}: same key, value and timestamp, reason in headers. */
    static ProducerRecord<byte[], byte[]> record(ConsumerRecord<byte[], byte[]> original, String consumer,
                                                 String reason, String detail) {
        Headers headers = DeadLetters.headers(original.headers(), consumer, reason, detail, original.topic(),
                original.partition(), original.offset());
        Long timestamp = original.timestamp() < 0 ? null : original.timestamp();
        return new ProducerRecord<>(Topics.DEAD_LETTER.name(), null, timestamp, original.key(), original.value(),
                headers);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
