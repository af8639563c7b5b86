package io.postflight.testing;

import io.postflight.contracts.Topics;
import io.postflight.runtime.CatalogueNewTopics;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
            createCatalogueTopics(bootstrapServers);
        }
        return bootstrapServers;
    }

    /** The services would create them too; tests that write before any service starts need them first. */
    private static void createCatalogueTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(Topics.all().stream().map(t -> CatalogueNewTopics.newTopic(t, (short) 1)).toList())
                    .all().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the catalogue's topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the catalogue's topics on " + bootstrapServers, e);
        }
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
