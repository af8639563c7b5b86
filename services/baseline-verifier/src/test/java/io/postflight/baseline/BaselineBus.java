package io.postflight.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Decision;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Json;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Target;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.kafka.JsonSerde;
import io.postflight.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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

/** What the baseline ITs write to and read from the real broker: verifications, health results, decisions. */
final class BaselineBus {
    private final String kafka;

    BaselineBus(String kafka) {
        this.kafka = kafka;
    }

    /**
     * The properties of a baseline verifier and decision engine on {@code kafka} reading
     * {@code prometheus}, the phase shortened to a {@code window} (steps of 4 s, looks every 2 s):
     * configuration only, the production code paths.
     */
    static Map<String, Object> shortenedPhase(String kafka, String prometheus, String prefix, String window,
                                              String phaseEnd) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> props = new HashMap<>();
        props.put("postflight.kafka.bootstrap-servers", kafka);
        props.put("postflight.streams.decision.application-id", prefix + "-decision-" + run);
        props.put("postflight.streams.baseline.application-id", prefix + "-baseline-" + run);
        props.put("postflight.baseline.metrics.provider", "prometheus");
        props.put("postflight.baseline.metrics.prometheus.url", prometheus);
        props.put("postflight.baseline.metrics.timeout", "2s");
        props.put("postflight.baseline.phase-start", "0s");
        props.put("postflight.baseline.window", window);
        props.put("postflight.baseline.phase-end", phaseEnd);
        props.put("postflight.baseline.step", "4s");
        props.put("postflight.baseline.look-interval", "2s");
        props.put("postflight.baseline.data-delay", "2s");
        props.put("postflight.baseline.tick", "200ms");
        props.put("postflight.baseline.warm-up", "4s");
        props.put("postflight.baseline.blip-allowance", "4s");
        props.put("postflight.baseline.min-requests", 500);
        props.put("postflight.baseline.hard-check-interval", "8s");
        props.put("postflight.baseline.hard-error-period", "40s");
        props.put("postflight.baseline.hard-min-requests", 20);
        return props;
    }

    /** Starts the decision engine and the baseline verifier with {@code props}, each with its own state dir. */
    static List<io.micronaut.context.ApplicationContext> start(Map<String, Object> props, String prefix)
            throws java.io.IOException {
        List<io.micronaut.context.ApplicationContext> started = new java.util.ArrayList<>();
        for (String env : List.of("decision", "baseline")) {
            Map<String, Object> own = new HashMap<>(props);
            own.put("postflight.state-dir", java.nio.file.Files.createTempDirectory(prefix + "-" + env).toString());
            started.add(io.micronaut.context.ApplicationContext.builder(env).properties(own)
                    .deduceEnvironment(false).start());
        }
        return started;
    }

    /** A verification of {@code version} in slot {@code shop/<environment>}, the previous version given. */
    static VerificationStarted verification(String environment, String version, String previous, String url) {
        Instant now = Instant.now();
        String id = environment + "-" + version + "-" + UUID.randomUUID().toString().substring(0, 8);
        DeploymentRef d = new DeploymentRef(id, "shop", environment, version, null, previous);
        return new VerificationStarted(null, d, DeployAction.DEPLOYED, List.of(new Target(environment + "-0", url)),
                List.of(Phase.HEALTH, Phase.BASELINE), now, new EventRef("ev-" + id, "/it", "deployed", now));
    }

    static PhaseResult healthPassed(VerificationStarted v) {
        return new PhaseResult(null, v.deployment(), Phase.HEALTH, PhaseOutcome.PASSED, "all instances healthy",
                List.of(), v.startedAt(), Instant.now(), v.deployEvent());
    }

    /** Announces the verifications, then (a second later: a verification must exist first) their health passed. */
    void startPastHealth(List<VerificationStarted> vs) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (VerificationStarted v : vs) {
                send(producer, Topics.VERIFICATIONS.name(), v.deployment().slot(), v);
            }
            Thread.sleep(1000);
            for (VerificationStarted v : vs) {
                send(producer, Topics.PHASE_RESULTS.name(), v.deployment().slot(), healthPassed(v));
            }
        }
    }

    Map<String, Decision> awaitDecisions(List<VerificationStarted> vs, Duration timeout) {
        Map<String, Decision> byDeployment = new HashMap<>();
        try (TopicReader reader = new TopicReader(kafka, Topics.DECISIONS.name())) {
            reader.until(rs -> {
                rs.stream().map(r -> read(r, Decision.class)).forEach(d -> byDeployment.put(
                        d.deployment().deploymentId(), d));
                return vs.stream().allMatch(v -> byDeployment.containsKey(v.deployment().deploymentId()));
            }, timeout);
        }
        assertThat(byDeployment).as("decisions").containsKeys(vs.stream().map(v -> v.deployment().deploymentId())
                .toArray(String[]::new));
        return byDeployment;
    }

    KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    static void send(KafkaProducer<String, byte[]> producer, String topic, String key, Object value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, JsonSerde.toBytes(value))).get();
    }

    static <T> T read(ConsumerRecord<String, byte[]> r, Class<T> type) {
        try {
            return Json.MAPPER.readValue(new String(r.value(), StandardCharsets.UTF_8), type);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
