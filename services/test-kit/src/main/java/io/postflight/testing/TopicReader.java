package io.postflight.testing;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning as a downstream subscriber would (read-committed, so aborted
 * transactions are invisible), collecting records until a condition holds or for a quiet period.
 */
public final class TopicReader implements AutoCloseable {
    /** Each poll of the consumer waits up to this long for records; Awaitility adds no pause of its own. */
    private static final Duration POLL = Duration.ofMillis(200);
    /** How many of the last records a timeout message shows. */
    private static final int SHOWN = 20;

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> topics;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    public TopicReader(String bootstrapServers, String... topics) {
        this(brokerOnly(bootstrapServers), topics);
    }

    /** A reader with its own client settings (broker list, TLS, SASL credentials). */
    public TopicReader(Properties client, String... topics) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.topics = List.of(topics);
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(this.topics);
    }

    private static Properties brokerOnly(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    /**
     * Reads until {@code done} holds for everything read so far; returns what was read. Fails when
     * it does not hold within {@code timeout}, listing the last records read.
     */
    public List<ConsumerRecord<String, byte[]>> until(Predicate<List<ConsumerRecord<String, byte[]>>> done,
                                                      Duration timeout) {
        // In the calling thread: a Kafka consumer must not be used from two threads.
        await("records on " + topics).atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ZERO).dontCatchUncaughtExceptions().untilAsserted(() -> {
                    if (!done.test(seen)) {
                        consumer.poll(POLL).forEach(seen::add);
                        if (!done.test(seen)) {
                            throw new AssertionError(describeSeen());
                        }
                    }
                });
        return List.copyOf(seen);
    }

    /** Keeps reading for {@code quiet} and returns everything read (to assert nothing more arrives). */
    public List<ConsumerRecord<String, byte[]>> drain(Duration quiet) {
        // "Still reading" holds throughout the quiet period; the margin covers a poll that overruns it.
        await("reading " + topics + " for " + quiet).during(quiet).atMost(quiet.plus(Duration.ofSeconds(30)))
                .pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ZERO).dontCatchUncaughtExceptions()
                .until(() -> {
                    consumer.poll(POLL).forEach(seen::add);
                    return true;
                });
        return List.copyOf(seen);
    }

    /** The last records read, for a timeout message. */
    private String describeSeen() {
        String last = seen.subList(Math.max(0, seen.size() - SHOWN), seen.size()).stream()
                .map(r -> "  " + r.topic() + "-" + r.partition() + "@" + r.offset() + " key=" + r.key() + " "
                        + abbreviate(r.value()))
                .collect(Collectors.joining("\n"));
        return "condition not met by the " + seen.size() + " record(s) read" + (seen.isEmpty() ? "" : "; last:\n" + last);
    }

    private static String abbreviate(byte[] value) {
        if (value == null) {
            return "null";
        }
        String text = new String(value, StandardCharsets.UTF_8);
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
