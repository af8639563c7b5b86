package io.postflight.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Evidence;
import io.postflight.contracts.Json;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Target;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.kafka.JsonSerde;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.testing.TestTargets;
import io.postflight.testing.TopicReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The drift verifier and the decision engine on a real Kafka broker, with the demo's drift
 * settings ({@link DriftDemoSettingsTest#DEMO}) and the scrape provider reading a real HTTP
 * metrics page whose resident memory grows 1 MiB/s under a 512 MiB limit: the decision engine
 * promotes the version once its health phase passed, and rolls it back after promotion when the
 * drift phase fails, about 30 s later.
 */
class DriftPipelineIT {
    private static final List<ApplicationContext> services = new ArrayList<>();
    private static String kafka;
    private static HttpServer leaky;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaTestBroker.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String state = Files.createTempDirectory("drift-pipeline-it").toString();
        long born = System.currentTimeMillis();
        leaky = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        leaky.createContext("/metrics", ex -> {
            double rss = (64 + (System.currentTimeMillis() - born) / 1000.0) * 1048576.0;
            byte[] body = ("# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes " + rss + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        leaky.start();
        for (String service : List.of("decision", "drift")) {
            Map<String, Object> props = new HashMap<>(DriftDemoSettingsTest.DEMO);
            props.put("postflight.kafka.bootstrap-servers", kafka);
            props.put("postflight.state-dir", state + "/" + service);
            props.put("postflight.streams." + service + ".application-id", "drift-it-" + service + "-" + run);
            props.put("micronaut.server.port", -1);
            props.putAll(TestTargets.loopbackAllowed()); // the leaky instance lives on loopback
            services.add(ApplicationContext.builder(service).properties(props).deduceEnvironment(false).start());
        }
    }

    @AfterAll
    static void stop() {
        services.forEach(ApplicationContext::close);
        if (leaky != null) {
            leaky.stop(0);
        }
    }

    @Test
    void theDemoSettingsBindToWhatTheDemoSettingsTestChecks() {
        ApplicationContext drift = services.get(1);
        assertThat(drift.getBean(DriftConfig.class)).isEqualTo(DriftDemoSettingsTest.demoConfig());
        assertThat(drift.getBean(DriftMetricsSource.class).source()).isEqualTo(DriftDemoSettingsTest.demoSource());
    }

    @Test
    void aLeakingVersionIsPromotedThenRolledBackAfterPromotionWhenItsDriftPhaseFails() throws Exception {
        String id = "leaky-" + UUID.randomUUID();
        DeploymentRef d = new DeploymentRef(id, "leaky", "it", "2.0.0", null, "1.9.0");
        Instant now = Instant.now();
        EventRef event = new EventRef("ev-" + id, "/cd", "dev.cdevents.service.deployed.0.2.0", now);
        VerificationStarted v = new VerificationStarted(null, d, DeployAction.DEPLOYED,
                List.of(new Target("leaky-0", "http://127.0.0.1:" + leaky.getAddress().getPort())),
                List.of(Phase.HEALTH, Phase.DRIFT), now, event);
        PhaseResult healthPassed = new PhaseResult(null, d, Phase.HEALTH, PhaseOutcome.PASSED,
                "all 1 instances live and ready", List.of(), now, Instant.now(), event);
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.VERIFICATIONS.name(), d.slot(), JsonSerde.toBytes(v))).get();
            Thread.sleep(1000); // the verification first, as the gateway and health verifier would
            producer.send(new ProducerRecord<>(Topics.PHASE_RESULTS.name(), d.slot(), JsonSerde.toBytes(healthPassed)))
                    .get();
        }
        List<Decision> decisions;
        try (TopicReader reader = new TopicReader(kafka, Topics.DECISIONS.name())) {
            decisions = reader.until(rs -> rs.stream().filter(r -> mentions(r, id)).count() >= 2,
                    Duration.ofSeconds(120)).stream().filter(r -> mentions(r, id))
                    .map(r -> read(r.value(), Decision.class)).toList();
        }
        assertThat(decisions).extracting(Decision::kind).containsExactly(DecisionKind.PROMOTE, DecisionKind.ROLLBACK);
        Decision rollback = decisions.get(1);
        assertThat(rollback.postPromotion()).isTrue();
        assertThat(rollback.decisionId()).isEqualTo(id + ":rollback:post-promotion");
        assertThat(rollback.reasons().get(0)).startsWith("DRIFT FAILED: memory leak: memory floor +")
                .contains("limit 512 MiB in under 1 h");
        Evidence memory = rollback.evidence().stream().filter(e -> e.check().equals("memory-trend")).findFirst()
                .orElseThrow();
        assertThat(memory.breached()).isTrue();
        assertThat(memory.figures().get("hoursToLimit")).isLessThan(1.0);
        assertThat(memory.figures().get("limitBytes")).isEqualTo(512 * 1048576.0);
        // The phase starts at the PROMOTE (in whole seconds); its first look is 30 s later.
        Duration promotedToRolledBack = Duration.between(decisions.get(0).decidedAt(), rollback.decidedAt());
        assertThat(promotedToRolledBack).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(40));
    }

    private static boolean mentions(ConsumerRecord<String, byte[]> r, String deploymentId) {
        return new String(r.value(), StandardCharsets.UTF_8).contains("\"deploymentId\":\"" + deploymentId + "\"");
    }

    private static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return Json.MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
