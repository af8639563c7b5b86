package io.postflight.kafka;

import io.postflight.contracts.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every partition of one topic from its end, on a thread of its own, and hands each
 * committed record's key and value to a callback: for a request that waits for what a stream
 * application will write in answer (without a consumer group, so every instance sees every record).
 * Records of aborted transactions are never seen ({@code read_committed}). A callback that throws
 * loses that record only.
 */
public final class TopicFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicSpec topic;
    private final BiConsumer<String, byte[]> callback;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param clientProperties the service's Kafka client settings (broker list, security); only the
     *     consumer's own keys are used
     */
    public TopicFollower(Properties clientProperties, String clientId, TopicSpec topic,
                         BiConsumer<String, byte[]> callback) {
        Properties p = new Properties();
        clientProperties.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(String.valueOf(k))) {
                p.put(k, v);
            }
        });
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.callback = callback;
        this.thread = Thread.ofPlatform().daemon().name(clientId).unstarted(this::run);
    }

    /** Starts following; returns at once. */
    public TopicFollower start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running && !assign()) {
                Thread.sleep(POLL.toMillis()); // the topic is created at start-up, maybe after this
            }
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                    try {
                        callback.accept(r.key(), r.value());
                    } catch (RuntimeException e) {
                        LOG.warn("{}: a record at {}-{}@{} could not be handled: {}", thread.getName(), r.topic(),
                                r.partition(), r.offset(), e.toString());
                    }
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("{} stopped following {}", thread.getName(), topic.name(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Every partition, from its current end; false while the topic does not exist yet. */
    private boolean assign() {
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return false; // the broker is not reachable yet: try again
        }
        if (partitions == null || partitions.isEmpty()) {
            return false;
        }
        List<TopicPartition> assigned = partitions.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(assigned);
        consumer.seekToEnd(assigned);
        assigned.forEach(consumer::position); // fix the start now: what is written from here on is seen
        return true;
    }

    @Override
    public void close() {
        running = false;
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
