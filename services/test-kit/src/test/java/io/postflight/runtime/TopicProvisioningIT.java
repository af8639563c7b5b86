package io.postflight.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micronaut.configuration.kafka.admin.KafkaNewTopics;
import io.micronaut.context.ApplicationContext;
import io.postflight.contracts.TopicSpec;
import io.postflight.contracts.Topics;
import io.postflight.testing.EmbeddedKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Topic creation at start-up on a fresh in-JVM broker that holds none of the catalogue's topics:
 * micronaut-kafka's {@link KafkaNewTopics} creates them from the {@link CatalogueNewTopics} beans
 * and {@link TopicProvisioning} waits for the outcome. The first tests pin what KafkaNewTopics alone
 * does (the evidence of docs/adr/0006-topic-creation.md); the others what the pair does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopicProvisioningIT {
    private static EmbeddedKafka kafka;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** A context with the kit's beans and {@link DecisionsReaderStreams}, as a service starts. */
    private static ApplicationContext start(Map<String, Object> extra) throws IOException {
        Map<String, Object> props = new HashMap<>();
        props.put("postflight.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.put("kafka.streams.default.application.id", "topic-provisioning-it-" + UUID.randomUUID());
        props.put("kafka.streams.default.state.dir", Files.createTempDirectory("topic-provisioning-it").toString());
        props.putAll(extra);
        return ApplicationContext.builder().properties(props).deduceEnvironment(false).start();
    }

    private static List<String> catalogue() {
        return Topics.all().stream().map(TopicSpec::name).sorted().toList();
    }

    @Test
    @Order(1)
    void kafkaNewTopicsAloneSendsTheRequestButNeitherWaitsForNorFailsOnItsOutcome() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        AdminClient nowhere = AdminClient.create(Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort));
        try {
            NewTopic topic = CatalogueNewTopics.newTopic(Topics.DECISIONS, (short) -1);

            CreateTopicsResult result = new KafkaNewTopics(nowhere, null, List.of(topic)).getResult();

            // No broker could have answered: the constructor (run at context start) returned anyway,
            // and nothing reports the failure; what runs next would find no topic.
            assertThat(result.all().isDone()).isFalse();
        } finally {
            nowhere.close(Duration.ZERO); // not waiting out the request's 60 s default timeout
        }
    }

    @Test
    @Order(2)
    void onAnEmptyBrokerEveryCatalogueTopicIsCreatedBeforeStartUpEndsWithItsPartitionsAndConfiguration()
            throws Exception {
        try (ApplicationContext ctx = start(Map.of())) {
            assertThat(ctx.getBean(TopicProvisioning.class).created()).isEqualTo(catalogue());
            assertThat(ctx.getBeansOfType(NewTopic.class)).extracting(NewTopic::name)
                    .containsExactlyInAnyOrderElementsOf(catalogue());
            // Its source topic was there when it started: a missing one would have failed it.
            KafkaStreams streams = ctx.getBean(KafkaStreams.class);
            await("the stream running").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(streams::state, state -> state == KafkaStreams.State.RUNNING);
        }
        Map<String, TopicDescription> described = admin.describeTopics(catalogue()).allTopicNames()
                .get(30, TimeUnit.SECONDS);
        for (TopicSpec spec : Topics.all()) {
            TopicDescription d = described.get(spec.name());
            assertThat(d.partitions()).as(spec.name()).hasSize(spec.partitions());
            // Replication factor -1 (the default): the broker's own, 1 on this single node.
            assertThat(d.partitions().get(0).replicas()).as(spec.name()).hasSize(1);
            Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, spec.name())))
                    .all().get(30, TimeUnit.SECONDS).values().iterator().next();
            spec.config().forEach((key, value) -> assertThat(config.get(key).value()).as(spec.name() + " " + key)
                    .isEqualTo(value));
        }
    }

    @Test
    @Order(3)
    void topicsThatExistAlreadyAreAnErrorForKafkaNewTopicsButFineForTopicProvisioning() throws IOException {
        try (AdminClient client = AdminClient.create(Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            CreateTopicsResult again = new KafkaNewTopics(client, null,
                    List.of(CatalogueNewTopics.newTopic(Topics.DECISIONS, (short) -1))).getResult();
            assertThatThrownBy(() -> again.all().get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicExistsException.class);
        }
        try (ApplicationContext ctx = start(Map.of())) {
            assertThat(ctx.getBean(TopicProvisioning.class).created()).isEmpty();
        }
    }

    @Test
    @Order(4)
    void provisionTopicsFalseAsksForNothing() throws IOException {
        // As written in YAML, and as an environment variable may spell it.
        for (Object off : List.of(false, "FALSE")) {
            try (ApplicationContext ctx = start(Map.of("postflight.kafka.provision-topics", off))) {
                assertThat(ctx.getBeansOfType(NewTopic.class)).as("%s", off).isEmpty();
                assertThat(ctx.findBean(KafkaNewTopics.class)).as("%s", off).isEmpty();
                assertThat(ctx.getBean(TopicProvisioning.class).created()).isEmpty();
            }
        }
    }

    @Test
    @Order(5)
    void anUnreachableBrokerFailsStartUpOnceTheProvisionTimeoutIsOverNamingIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> start(Map.of("postflight.kafka.bootstrap-servers", "127.0.0.1:" + closedPort,
                "postflight.kafka.provision-timeout", "2s")).close())
                .hasStackTraceContaining("within postflight.kafka.provision-timeout (PT2S)")
                .hasStackTraceContaining("127.0.0.1:" + closedPort);
        // Well before the admin client's own 60 s default would have given up.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(45));
    }

    @Test
    @Order(6)
    void postflightKafkaPartitionsSetsTheCountOfNewTopicsButTheDeadLetterKeepsOne() throws Exception {
        deleteCatalogue();
        try (ApplicationContext ctx = start(Map.of("postflight.kafka.partitions", 5))) {
            assertThat(ctx.getBean(TopicProvisioning.class).created()).isEqualTo(catalogue());
        }
        Map<String, TopicDescription> described = admin.describeTopics(catalogue()).allTopicNames()
                .get(30, TimeUnit.SECONDS);
        for (TopicSpec spec : Topics.all()) {
            assertThat(described.get(spec.name()).partitions()).as(spec.name())
                    .hasSize(spec == Topics.DEAD_LETTER ? 1 : 5);
        }
        // Existing topics keep their count: a later start configured otherwise starts and changes nothing.
        try (ApplicationContext ctx = start(Map.of("postflight.kafka.partitions", 7))) {
            assertThat(ctx.getBean(TopicProvisioning.class).created()).isEmpty();
        }
        assertThat(admin.describeTopics(List.of(Topics.VERIFICATIONS.name())).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(Topics.VERIFICATIONS.name()).partitions()).hasSize(5);
    }

    @Test
    @Order(7)
    void slotKeyedTopicsWithDifferentCountsFailStartUpBeforeAnyStreamStarts() throws Exception {
        admin.createPartitions(Map.of(Topics.PHASE_RESULTS.name(), NewPartitions.increaseTo(6))).all()
                .get(30, TimeUnit.SECONDS);

        for (Object provision : List.of(true, false)) { // either way: the check needs no provisioning
            assertThatThrownBy(() -> start(Map.of("postflight.kafka.provision-topics", provision)).close())
                    .as("provision-topics %s", provision)
                    .hasStackTraceContaining("different partition counts")
                    .hasStackTraceContaining(Topics.PHASE_RESULTS.name() + "=6")
                    .hasStackTraceContaining(Topics.VERIFICATIONS.name() + "=5")
                    .hasStackTraceContaining("docs/upgrade.md");
        }
    }

    private static void deleteCatalogue() throws Exception {
        admin.deleteTopics(catalogue()).all().get(30, TimeUnit.SECONDS);
        await("the catalogue's topics deleted").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                        .noneMatch(catalogue()::contains));
    }
}
