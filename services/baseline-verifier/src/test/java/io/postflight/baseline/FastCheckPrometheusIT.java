package io.postflight.baseline;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.postflight.contracts.Target;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.kafka.JsonSerde;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.testing.PrometheusServer;
import io.postflight.testing.PrometheusServer.ScrapeJob;
import io.postflight.testing.TopicReader;
import java.nio.charset.StandardCharsets;
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
 * Issue 9, acceptance: a running baseline verifier, with its DEFAULT timings (nothing shortened by
 * configuration), rolls back a version that fails 10 % of its requests from the start within 120 s
 * of its deployment, while its health phase is still running. Real Kafka broker, real Prometheus
 * scraping synthetic versions on loopback (every second: the fast checks' 15 s steps need at least
 * two scrapes), the decision engine publishing the ROLLBACK.
 *
 * <p>The time is measured from the deployment's time in its event to the decision's
 * {@code decidedAt}, both stamped by the code under test's clocks, so a slow machine shows up as a
 * later decision, never as a shorter wait.
 */
class FastCheckPrometheusIT {
    private static final double RATE = 500;
    private static final List<AutoCloseable> closeables = new ArrayList<>();
    private static final List<ApplicationContext> services = new ArrayList<>();
    private static final Map<String, SyntheticVersion> versions = new HashMap<>();
    private static String kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaTestBroker.bootstrapServers();
        versions.put("1.0", new SyntheticVersion("1.0", RATE, 0.01));
        versions.put("2.0", new SyntheticVersion("2.0", RATE, 0.10));
        closeables.addAll(versions.values());
        PrometheusServer prometheus = PrometheusServer.start(Duration.ofSeconds(1), List.of(new ScrapeJob("fast",
                List.of(versions.get("2.0").hostPort(), versions.get("1.0").hostPort()),
                Map.of("service", "shop", "env", "fast"))));
        closeables.add(prometheus);
        prometheus.awaitTargetsUp(2, Duration.ofSeconds(30));

        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> props = new HashMap<>();
        props.put("postflight.kafka.bootstrap-servers", kafka);
        props.put("postflight.streams.decision.application-id", "fast-it-decision-" + run);
        props.put("postflight.streams.baseline.application-id", "fast-it-baseline-" + run);
        props.put("postflight.baseline.metrics.provider", "prometheus");
        props.put("postflight.baseline.metrics.prometheus.url", prometheus.url().toString());
        // Every postflight.baseline timing at its default.
        services.addAll(BaselineBus.start(props, "fast-it"));
    }

    @AfterAll
    static void stop() throws Exception {
        services.forEach(ApplicationContext::close);
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    @Test
    void aVersionFailingTenPercentFromTheStartIsRolledBackWithinTwoMinutesOfItsDeployment() throws Exception {
        Instant deployed = Instant.now();
        String id = "fast-2.0-" + UUID.randomUUID().toString().substring(0, 8);
        DeploymentRef d = new DeploymentRef(id, "shop", "fast", "2.0", null, "1.0");
        VerificationStarted v = new VerificationStarted(null, d, DeployAction.DEPLOYED,
                List.of(new Target("fast-0", versions.get("2.0").url())), List.of(Phase.HEALTH, Phase.BASELINE),
                deployed, new EventRef("ev-" + id, "/it", "deployed", deployed));
        try (KafkaProducer<String, byte[]> producer = producer()) {
            // No HEALTH result is ever sent: the health phase is still running when the fast checks decide.
            producer.send(new ProducerRecord<>(Topics.VERIFICATIONS.name(), d.slot(), JsonSerde.toBytes(v))).get();
        }

        Decision decision = awaitDecision(id, Duration.ofMinutes(5));

        assertThat(decision.kind()).isEqualTo(DecisionKind.ROLLBACK);
        assertThat(decision.phases()).containsOnlyKeys(Phase.BASELINE).containsEntry(Phase.BASELINE,
                PhaseOutcome.FAILED);
        assertThat(decision.reasons()).singleElement().satisfies(r -> assertThat(r)
                .startsWith("BASELINE FAILED: fast check failed").contains("vs control"));
        Evidence errors = decision.evidence().stream().filter(e -> e.check().equals("hard-trigger:error-rate"))
                .findFirst().orElseThrow();
        assertThat(errors.breached()).isTrue();
        assertThat(errors.labels()).containsEntry("baseline", "control").containsEntry("provider", "prometheus");
        assertThat(errors.figures().get("worstExcess")).isBetween(0.07, 0.11);
        assertThat(Duration.between(decision.deployEvent().time(), decision.decidedAt()))
                .as("deployment %s to rollback %s", decision.deployEvent().time(), decision.decidedAt())
                .isLessThanOrEqualTo(Duration.ofSeconds(120));
    }

    private static Decision awaitDecision(String deploymentId, Duration timeout) {
        List<Decision> found = new ArrayList<>();
        try (TopicReader reader = new TopicReader(kafka, Topics.DECISIONS.name())) {
            reader.until(rs -> {
                rs.stream().map(FastCheckPrometheusIT::read)
                        .filter(x -> x.deployment().deploymentId().equals(deploymentId)).forEach(found::add);
                return !found.isEmpty();
            }, timeout);
        }
        assertThat(found).as("decisions about " + deploymentId).isNotEmpty();
        return found.get(0);
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static Decision read(ConsumerRecord<String, byte[]> r) {
        try {
            return Json.MAPPER.readValue(new String(r.value(), StandardCharsets.UTF_8), Decision.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
