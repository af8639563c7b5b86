package io.postflight.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real single-node KRaft Kafka broker inside this JVM, for the embedded default and for tests
 * on machines without Docker. Single-node settings: internal topics with replication factor 1, and
 * no topic auto-creation, so topics come only from the catalogue as in production.
 */
public final class EmbeddedKafka implements AutoCloseable {
    /** Settings of a single-node broker: internal topics on one replica, topics only from the catalogue. */
    static final Map<String, String> SINGLE_NODE = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "3",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "3",
            "auto.create.topics.enable", "false",
            "group.initial.rebalance.delay.ms", "0");

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats and starts a fresh broker; returns once it accepts clients. */
    public static EmbeddedKafka start() {
        try {
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build());
            SINGLE_NODE.forEach(builder::setConfigProp);
            KafkaClusterTestKit cluster = builder.build();
            cluster.format();
            cluster.startup();
            Properties client = new Properties();
            client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            awaitBroker(client, Duration.ofSeconds(60));
            return new EmbeddedKafka(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the broker answers a cluster description. (The Kafka test kit's own wait needs
     * JUnit on the class path, which the launcher does not ship.) A timeout names the last error.
     */
    static void awaitBroker(Properties client, Duration timeout) {
        Properties p = new Properties();
        p.putAll(client);
        Object bootstrap = client.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(p)) {
            await("embedded Kafka broker at " + bootstrap + " describes its cluster").atMost(timeout)
                    .pollInterval(Duration.ofMillis(100)).dontCatchUncaughtExceptions()
                    .ignoreExceptionsMatching(e -> e instanceof ExecutionException || e instanceof TimeoutException)
                    .until(() -> !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty());
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the embedded Kafka broker", e);
        }
    }
}
