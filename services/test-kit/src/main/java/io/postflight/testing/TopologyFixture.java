package io.postflight.testing;

import io.postflight.contracts.TopicSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * A service's topology in Kafka's {@link TopologyTestDriver}, with a simulated wall clock: the one
 * set-up every topology test shares. Inputs and outputs are the catalogue's topics with the
 * services' own key and value types (string keys, byte values; byte keys for deploy events).
 */
public final class TopologyFixture implements AutoCloseable {
    private final TopologyTestDriver driver;

    private TopologyFixture(TopologyTestDriver driver) {
        this.driver = driver;
    }

    /** Builds the topology {@code topology} adds and starts the driver's clock at {@code start}. */
    public static TopologyFixture start(String applicationId, Instant start, Consumer<StreamsBuilder> topology) {
        return start(applicationId, start, null, topology);
    }

    /** As {@link #start(String, Instant, Consumer)}, keeping state in {@code stateDir} (null: a temporary one). */
    public static TopologyFixture start(String applicationId, Instant start, Path stateDir,
                                        Consumer<StreamsBuilder> topology) {
        StreamsBuilder builder = new StreamsBuilder();
        topology.accept(builder);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // Never Kafka Streams' default /tmp/kafka-streams/<application id>: two builds on one machine
        // (a CI run beside a developer's) would fight over its RocksDB locks.
        p.put(StreamsConfig.STATE_DIR_CONFIG, (stateDir != null ? stateDir : temporaryStateDir(applicationId)).toString());
        return new TopologyFixture(new TopologyTestDriver(builder.build(), p, start));
    }

    private static Path temporaryStateDir(String applicationId) {
        try {
            Path dir = java.nio.file.Files.createTempDirectory("topology-" + applicationId + "-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Records keyed by string (slot or deployment id), as every internal topic is. */
    public TestInputTopic<String, byte[]> input(TopicSpec topic) {
        return driver.createInputTopic(topic.name(), new StringSerializer(), new ByteArraySerializer());
    }

    /** Records keyed by raw bytes, as CD systems write deploy events. */
    public TestInputTopic<byte[], byte[]> rawInput(TopicSpec topic) {
        return driver.createInputTopic(topic.name(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    public TestOutputTopic<String, byte[]> output(TopicSpec topic) {
        return driver.createOutputTopic(topic.name(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    public TopologyTestDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.close();
    }
}
