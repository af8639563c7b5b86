package io.postflight.testing;

import io.postflight.contracts.Topics;
import io.postflight.kafka.TopicProvisioner;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The real Kafka broker integration tests run against, one per test JVM: a Testcontainers Kafka
 * container where a Docker engine is available, otherwise a real KRaft broker inside this JVM.
 * Either way, the catalogue's topics exist before the first test uses it.
 */
public final class KafkaTestBroker {
    private static String bootstrapServers;

    private KafkaTestBroker() {
    }

    /** Starts the broker on first use; later calls return the same one. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = dockerAvailable() ? startContainer() : startEmbedded();
            TopicProvisioner.ensure(bootstrapServers, Topics.all(), (short) 1, Duration.ofSeconds(60));
        }
        return bootstrapServers;
    }

    private static boolean dockerAvailable() {
        if (Boolean.getBoolean("postflight.test.embedded-kafka")) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    @SuppressWarnings("resource")
    private static String startContainer() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:3.9.1")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop));
        return kafka.getBootstrapServers();
    }

    private static String startEmbedded() {
        // The broker lives as long as the test JVM. It is not closed from a shutdown hook: the test
        // kit deletes its log directory in a hook of its own, and a broker that then finds its logs
        // gone halts the JVM with a non-zero status, failing a test run whose tests all passed.
        org.apache.kafka.common.utils.Exit.setHaltProcedure((status, message) -> { });
        org.apache.kafka.common.utils.Exit.setExitProcedure((status, message) -> { });
        return EmbeddedKafka.start().bootstrapServers();
    }
}
