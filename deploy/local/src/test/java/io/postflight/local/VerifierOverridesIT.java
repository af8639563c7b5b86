package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.postflight.contracts.AuditOutcome;
import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Json;
import io.postflight.contracts.OverrideAction;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Target;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.kafka.JsonSerde;
import io.postflight.local.DemoTarget.Behaviour;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.testing.TopicReader;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * The verifiers act on overrides the decision engine applied (ADR 0027), on a real broker with the
 * real decision engine, health and baseline verifiers (the demo's short phases) and real targets.
 * Verifications and override commands are written as the gateway writes them, keyed by slot; what
 * the verifiers do is read from the phase-results and audit topics.
 */
class VerifierOverridesIT {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /**
     * Health phase: 20 healthy rounds at 500 ms pass in 10 s; a never-ready target runs to the end.
     * Long enough that an EXTEND reaches the verifier before the phase ends on a fully loaded machine.
     */
    private static final Duration HEALTH_PHASE = Duration.ofSeconds(60);
    private static final List<ApplicationContext> services = new ArrayList<>();
    private static final List<DemoTarget> targets = new ArrayList<>();
    private static String kafka;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaTestBroker.bootstrapServers();
        Map<String, Object> props = new HashMap<>();
        props.put("postflight.kafka.bootstrap-servers", kafka);
        for (String s : List.of("health", "baseline", "decision")) {
            props.put("postflight.streams." + s + ".application-id", "verifier-overrides-it-" + s + "-" + RUN);
        }
        props.put("postflight.health.pass-after-consecutive-healthy", 20);
        // An instance that is never ready is not failed: its phase runs to its end (INCONCLUSIVE).
        props.put("postflight.health.fail-after-consecutive-unhealthy", 1000);
        props.put("postflight.health.phase-duration", HEALTH_PHASE.toSeconds() + "s");
        // Looks that cannot judge (no previous version to compare with) go on to the phase's deadline
        // (40 s + 20 s of extension in the demo settings) instead of ending it after a few failures:
        // the abort has that long to arrive.
        props.put("postflight.baseline.max-failed-looks", 1000);
        String state = Files.createTempDirectory("verifier-overrides-it").toString();
        for (String service : List.of("decision", "health", "baseline")) {
            Map<String, Object> own = new HashMap<>(props);
            own.put("postflight.state-dir", state + "/" + service);
            services.add(LocalStack.startService(service, new String[] {"demo"}, own));
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() throws Exception {
        services.forEach(ApplicationContext::close);
        producer.close();
        for (DemoTarget t : targets) {
            t.close();
        }
    }

    @Test
    void anAppliedAbortStopsTheBaselinePhaseWhileAnUnabortedOneReportsItsResult() throws Exception {
        VerificationStarted aborted = verify("aborted", Behaviour.HEALTHY, Phase.HEALTH, Phase.BASELINE);
        VerificationStarted control = verify("control", Behaviour.HEALTHY, Phase.HEALTH, Phase.BASELINE);
        awaitResult(aborted, Phase.HEALTH);
        // HEALTH passed: the baseline phase runs. The ABORT goes through the decision engine.
        AuditRecord audit = override(aborted, OverrideAction.ABORT, null, null);
        assertThat(audit.outcome()).as(String.valueOf(audit.refusedBecause())).isEqualTo(AuditOutcome.APPLIED);

        PhaseResult controlResult = awaitResult(control, Phase.BASELINE);
        List<PhaseResult> all = results(Duration.ofSeconds(5));

        assertThat(controlResult.phase()).isEqualTo(Phase.BASELINE);
        assertThat(all).filteredOn(r -> r.deployment().deploymentId().equals(aborted.deployment().deploymentId()))
                .as("the aborted deployment's baseline phase reported nothing")
                .extracting(PhaseResult::phase, PhaseResult::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Phase.HEALTH, PhaseOutcome.PASSED));
    }

    @Test
    void anAbortTheEngineRefusesDoesNotStopTheHealthPhase() throws Exception {
        VerificationStarted v = verify("refused", Behaviour.HEALTHY, Phase.HEALTH);
        // Promoted by an operator while HEALTH runs; an ABORT after a PROMOTE is refused.
        assertThat(override(v, OverrideAction.PROMOTE, null, null).outcome()).isEqualTo(AuditOutcome.APPLIED);
        AuditRecord abort = override(v, OverrideAction.ABORT, null, null);
        assertThat(abort.outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(abort.refusedBecause()).startsWith("already promoted");

        PhaseResult health = awaitResult(v, Phase.HEALTH);

        assertThat(health.outcome()).isEqualTo(PhaseOutcome.PASSED);
    }

    @Test
    void anAppliedExtendLengthensTheHealthPhase() throws Exception {
        VerificationStarted v = verify("extended", Behaviour.NEVER_READY, Phase.HEALTH);
        Duration by = Duration.ofSeconds(30);
        assertThat(override(v, OverrideAction.EXTEND, Phase.HEALTH, by).outcome()).isEqualTo(AuditOutcome.APPLIED);

        PhaseResult health = awaitResult(v, Phase.HEALTH);

        assertThat(health.outcome()).isEqualTo(PhaseOutcome.INCONCLUSIVE);
        assertThat(Duration.between(health.startedAt(), health.decidedAt()))
                .as("the phase ran its %s and the extension's %s", HEALTH_PHASE, by)
                .isGreaterThanOrEqualTo(HEALTH_PHASE.plus(by));
    }

    /** Writes a verification of a new deployment with one fresh target, as the gateway would. */
    private static VerificationStarted verify(String name, Behaviour behaviour, Phase... phases) throws Exception {
        String service = name + "-" + RUN;
        DemoTarget target = new DemoTarget(service + "-0", "2.0", behaviour);
        targets.add(target);
        Instant now = Instant.now();
        DeploymentRef d = new DeploymentRef(service + "-2.0", service, "it", "2.0", null, null);
        VerificationStarted v = new VerificationStarted(null, d, DeployAction.DEPLOYED,
                List.of(new Target(target.instance(), target.url())), List.of(phases), now,
                new EventRef("ev-" + service, "/it", "deployed", now));
        producer.send(new ProducerRecord<>(Topics.VERIFICATIONS.name(), d.slot(), JsonSerde.toBytes(v))).get();
        return v;
    }

    /** Writes an override command as the gateway would and returns the decision engine's audit record of it. */
    private static AuditRecord override(VerificationStarted v, OverrideAction action, Phase phase, Duration by)
            throws Exception {
        String id = action + "-" + v.deployment().deploymentId() + "-" + UUID.randomUUID();
        OverrideCommand o = new OverrideCommand(null, id, v.deployment().deploymentId(), v.deployment().slot(), action,
                null, phase, by, "VerifierOverridesIT", "it-operator", Instant.now());
        producer.send(new ProducerRecord<>(Topics.OVERRIDES.name(), o.slot(), JsonSerde.toBytes(o))).get();
        try (TopicReader reader = new TopicReader(kafka, Topics.AUDIT.name())) {
            return reader.until(rs -> find(rs, AuditRecord.class, a -> a.overrideId().equals(id)).isPresent(), WAIT)
                    .stream().map(r -> read(r, AuditRecord.class)).filter(a -> a.overrideId().equals(id))
                    .findFirst().orElseThrow();
        }
    }

    private static PhaseResult awaitResult(VerificationStarted v, Phase phase) {
        String id = v.deployment().deploymentId();
        try (TopicReader reader = new TopicReader(kafka, Topics.PHASE_RESULTS.name())) {
            java.util.function.Predicate<PhaseResult> wanted = r -> r.deployment().deploymentId().equals(id)
                    && r.phase() == phase;
            return reader.until(rs -> find(rs, PhaseResult.class, wanted).isPresent(), WAIT).stream()
                    .map(r -> read(r, PhaseResult.class)).filter(wanted).findFirst().orElseThrow();
        }
    }

    /** Every phase result so far, after a quiet spell in which a late one would show. */
    private static List<PhaseResult> results(Duration quiet) {
        try (TopicReader reader = new TopicReader(kafka, Topics.PHASE_RESULTS.name())) {
            return reader.drain(quiet).stream().map(r -> read(r, PhaseResult.class)).toList();
        }
    }

    private static <T> Optional<T> find(List<ConsumerRecord<String, byte[]>> records, Class<T> type,
                                        java.util.function.Predicate<T> wanted) {
        return records.stream().map(r -> read(r, type)).filter(wanted).findFirst();
    }

    private static <T> T read(ConsumerRecord<String, byte[]> r, Class<T> type) {
        try {
            return Json.MAPPER.readValue(r.value(), type);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
