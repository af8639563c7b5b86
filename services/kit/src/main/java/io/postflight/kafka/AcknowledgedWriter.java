package io.postflight.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes single records from outside a stream (an HTTP request, say) and says when the broker has
 * them: an idempotent producer with {@code acks=all}, so a completed future means every in-sync
 * replica has the record, and a retry inside the producer never writes it twice. A broker that
 * cannot be reached fails the future within {@code timeout}; it never hangs the caller.
 */
public final class AcknowledgedWriter implements AutoCloseable {
    private final Producer<String, byte[]> producer;

    /**
     * @param clientProperties the service's Kafka client settings (broker list, security); only the
     *     producer's own keys are used
     * @param clientId the producer's client id, for the broker's logs and quotas
     * @param timeout longest wait for metadata and for the acknowledgement of one record
     */
    public AcknowledgedWriter(Properties clientProperties, String clientId, Duration timeout) {
        this(new KafkaProducer<>(settings(clientProperties, clientId, timeout), new StringSerializer(),
                new ByteArraySerializer()));
    }

    AcknowledgedWriter(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** The producer settings: the client's own, then what an acknowledged write needs, which wins. */
    static Properties settings(Properties clientProperties, String clientId, Duration timeout) {
        Properties p = new Properties();
        // Only what a producer understands; the rest (group ids, deserializers) would only warn.
        clientProperties.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(String.valueOf(k))) {
                p.put(k, v);
            }
        });
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // send() blocks at most this long for metadata; the acknowledgement comes within the delivery timeout.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
        return p;
    }

    /**
     * Sends one record; the future completes when the broker acknowledged it, or fails with the
     * producer's error (a timeout when the broker is unreachable).
     */
    public CompletableFuture<RecordMetadata> send(String topic, String key, byte[] value, Map<String, String> headers) {
        RecordHeaders h = new RecordHeaders();
        headers.forEach((name, v) -> h.add(name, v.getBytes(StandardCharsets.UTF_8)));
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, null, key, value, h), (metadata, error) -> {
                if (error != null) {
                    acked.completeExceptionally(error);
                } else {
                    acked.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            // Metadata not available within max.block.ms, or a record the producer refuses outright.
            acked.completeExceptionally(e);
        }
        return acked;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
