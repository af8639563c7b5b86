package io.postflight.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postflight.contracts.InconclusiveAction;
import io.postflight.contracts.Json;
import io.postflight.contracts.Phase;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationPolicy;
import io.postflight.contracts.VerificationStarted;
import io.postflight.gateway.discovery.DiscoveryEntry;
import io.postflight.gateway.discovery.DiscoveryResolver;
import io.postflight.gateway.policy.PolicyEntry;
import io.postflight.gateway.policy.PolicyResolver;
import io.postflight.contracts.intake.CloudEventsDeployEventDecoder;
import io.postflight.kafka.RecordMetrics;
import io.postflight.testing.TopologyFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Intake in Kafka's test driver: decode, dead letters, stale events, deduplication, targets. */
class GatewayTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyFixture fixture;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> deployEvents;
    private TestOutputTopic<String, byte[]> verifications;
    private TestOutputTopic<String, byte[]> deadLetters;

    @BeforeEach
    void setUp() {
        GatewayConfig config = new GatewayConfig(4096, List.of(Phase.HEALTH, Phase.BASELINE), List.of(Phase.HEALTH),
                Duration.ofDays(7), Duration.ofHours(1));
        TargetResolver targets = new TargetResolver(List.of(new TargetMapEntry(0, "checkout", "prod",
                List.of("http://checkout-0:8080", "http://checkout-1:8080"))));
        RecordMetrics metrics = new RecordMetrics(registry);
        fixture = TopologyFixture.start("gateway-test", T0, b -> GatewayTopology.build(b, () -> new DeployEventDecodeProcessor(new CloudEventsDeployEventDecoder(4096), config,
                metrics), () -> new DeploymentDedupeProcessor(targets, config, metrics)));
        driver = fixture.driver();
        deployEvents = fixture.rawInput(Topics.DEPLOY_EVENTS);
        verifications = fixture.output(Topics.VERIFICATIONS);
        deadLetters = fixture.output(Topics.DEAD_LETTER);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private void send(String key, String json, Instant at) {
        RecordHeaders h = new RecordHeaders();
        h.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        deployEvents.pipeInput(new TestRecord<>(key.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8), h, at));
    }

    private static String plain(String deploymentId, String action) {
        return "{\"schema\":\"postflight.deploy/1\",\"deploymentId\":\"" + deploymentId + "\",\"service\":\"checkout\","
                + "\"environment\":\"prod\",\"version\":\"1.2.3\",\"action\":\"" + action + "\"}";
    }

    @Test
    void theVerificationCarriesThePolicyResolvedForItsServiceAndEnvironmentAndItsPhases() throws Exception {
        fixture.close();
        GatewayConfig config = new GatewayConfig(4096, List.of(Phase.HEALTH, Phase.BASELINE, Phase.DRIFT),
                List.of(Phase.HEALTH), Duration.ofDays(7), Duration.ofHours(1));
        PolicyResolver policies = new PolicyResolver(List.of(new PolicyEntry("checkout-prod", "checkout", "prod",
                List.of(Phase.HEALTH, Phase.BASELINE), InconclusiveAction.PROMOTE_ON_HEALTH, 200L, 1.2, null, null,
                null, null, Duration.ofMinutes(45), null)), config.phases(), config.rollbackPhases());
        RecordMetrics metrics = new RecordMetrics(registry);
        fixture = TopologyFixture.start("gateway-policy-test", T0, b -> GatewayTopology.build(b,
                () -> new DeployEventDecodeProcessor(new CloudEventsDeployEventDecoder(4096), config, metrics),
                () -> new DeploymentDedupeProcessor(new TargetResolver(List.of()), config, policies, metrics)));
        deployEvents = fixture.rawInput(Topics.DEPLOY_EVENTS);
        verifications = fixture.output(Topics.VERIFICATIONS);

        send("any", plain("d1", "deployed"), T0);

        VerificationStarted v = Json.MAPPER.readValue(verifications.readRecordsToList().get(0).value(),
                VerificationStarted.class);
        assertThat(v.policy()).isEqualTo(new VerificationPolicy("checkout-prod", "service/environment",
                InconclusiveAction.PROMOTE_ON_HEALTH, 200L, 1.2, null, null, null, null, Duration.ofMinutes(45)));
        assertThat(v.phases()).containsExactly(Phase.HEALTH, Phase.BASELINE);
    }

    @Test
    void withoutTargetsInTheEventOrTheMapTheVerificationAsksForDiscoveryAndNamesNoTargets() throws Exception {
        fixture.close();
        GatewayConfig config = new GatewayConfig(4096, List.of(Phase.HEALTH), List.of(Phase.HEALTH),
                Duration.ofDays(7), Duration.ofHours(1));
        TargetResolver map = new TargetResolver(List.of(new TargetMapEntry(0, "checkout", "prod",
                List.of("http://checkout-0:8080"))));
        DiscoveryResolver discovery = new DiscoveryResolver(List.of(new DiscoveryEntry(0, null, null,
                List.of("eu-west-1"), "shop", "Deployment", null, null, null, null, null, null, null, null)));
        RecordMetrics metrics = new RecordMetrics(registry);
        fixture = TopologyFixture.start("gateway-discovery-test", T0, b -> GatewayTopology.build(b,
                () -> new DeployEventDecodeProcessor(new CloudEventsDeployEventDecoder(4096), config, metrics),
                () -> new DeploymentDedupeProcessor(map, config, new PolicyResolver(List.of(), config.phases(),
                        config.rollbackPhases()), discovery, metrics, io.postflight.tracing.Tracing.off())));
        deployEvents = fixture.rawInput(Topics.DEPLOY_EVENTS);
        verifications = fixture.output(Topics.VERIFICATIONS);

        send("any", plain("d1", "deployed"), T0);
        send("any", plain("d2", "deployed").replace("\"checkout\"", "\"search\""), T0);

        List<VerificationStarted> out = verifications.readRecordsToList().stream().map(r -> {
            try {
                return Json.MAPPER.readValue(r.value(), VerificationStarted.class);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(out.get(0).discovery()).as("the static map comes first").isNull();
        assertThat(out.get(0).targets()).hasSize(1);
        VerificationStarted discovered = out.get(1);
        assertThat(discovered.targets()).isEmpty();
        assertThat(discovered.discovery().namespace()).isEqualTo("shop");
        assertThat(discovered.discovery().selector()).isEqualTo("app.kubernetes.io/name=search");
        assertThat(discovered.checked().discovery()).isEqualTo(discovered.discovery());
    }

    @Test
    void aPlainEventStartsAVerificationKeyedBySlotWithTargetsFromTheMapAndConfiguredPhases() throws Exception {
        send("any", plain("d1", "deployed"), T0);
        List<TestRecord<String, byte[]>> out = verifications.readRecordsToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key()).isEqualTo("checkout/prod");
        VerificationStarted v = Json.MAPPER.readValue(out.get(0).value(), VerificationStarted.class);
        assertThat(v.deployment().deploymentId()).isEqualTo("d1");
        assertThat(v.phases()).containsExactly(Phase.HEALTH, Phase.BASELINE);
        assertThat(v.policy()).isEqualTo(VerificationPolicy.DEFAULT);
        assertThat(v.targets()).extracting(t -> t.url())
                .containsExactly("http://checkout-0:8080", "http://checkout-1:8080");
    }

    @Test
    void theVerificationSaysWhenItsDeployEventReachedPostflightApartFromWhenTheGatewayStartedIt() throws Exception {
        // The gateway gets to the record 40 s after it was written (it was busy): that delay is Postflight's.
        driver.advanceWallClockTime(Duration.ofSeconds(40));
        send("any", plain("d1", "deployed"), T0);
        VerificationStarted v = Json.MAPPER.readValue(verifications.readRecordsToList().get(0).value(),
                VerificationStarted.class);
        assertThat(v.receivedAt()).isEqualTo(T0);
        assertThat(v.startedAt()).isAfterOrEqualTo(T0.plusSeconds(40));
        assertThat(v.dueSince()).isEqualTo(T0);
    }

    @Test
    void aRecordTimestampInTheFutureIsNotTakenForTheEventsArrival() throws Exception {
        send("any", plain("d1", "deployed"), Instant.ofEpochMilli(Long.MAX_VALUE));
        VerificationStarted v = Json.MAPPER.readValue(verifications.readRecordsToList().get(0).value(),
                VerificationStarted.class);
        assertThat(v.receivedAt()).isNull();
        assertThat(v.dueSince()).isEqualTo(v.startedAt());
    }

    @Test
    void aRollbackAnnouncementRunsTheRollbackPhases() throws Exception {
        send("any", plain("d2", "rolledback"), T0);
        VerificationStarted v = Json.MAPPER.readValue(verifications.readRecordsToList().get(0).value(),
                VerificationStarted.class);
        assertThat(v.phases()).containsExactly(Phase.HEALTH);
    }

    @Test
    void reDeliveriesUnderAnotherKeyStartNothingNew() {
        send("a", plain("d1", "deployed"), T0);
        send("b", plain("d1", "deployed"), T0.plusSeconds(1));
        assertThat(verifications.readRecordsToList()).hasSize(1);
        assertThat(registry.find("postflight.records.duplicates").counter().count()).isEqualTo(1.0);
    }

    @Test
    void eventsTooOldToVerifyAreSkippedAndCounted() {
        driver.advanceWallClockTime(Duration.ofHours(3));
        send("a", plain("old", "deployed"), T0);
        assertThat(verifications.isEmpty()).isTrue();
        assertThat(registry.find("postflight.records.ignored").tag("why", "stale-event").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void badEventsAreDeadLetteredWithTheirReasonAndTheOriginalBytes() {
        send("k", "{\"schema\":\"postflight.deploy/1\",\"deploymentId\":\"x\"}", T0);
        List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).key()).isEqualTo("k");
        assertThat(new String(dead.get(0).headers().lastHeader(Topics.DLQ_REASON).value(), StandardCharsets.UTF_8))
                .isEqualTo("SCHEMA_INVALID");
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).contains("\"deploymentId\":\"x\"");
        assertThat(verifications.isEmpty()).isTrue();
    }

    @Test
    void aReDeliveryWithANewEnvelopeIdStaysIdempotent() {
        send("a", withEventId(plain("d7", "deployed"), "envelope-1"), T0);
        send("a", withEventId(plain("d7", "deployed"), "envelope-2"), T0.plusSeconds(1));
        assertThat(verifications.readRecordsToList()).hasSize(1);
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(registry.find("postflight.records.duplicates").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aConflictingReuseOfADeploymentIdIsDeadLetteredAsConflictWithBothDescriptions() {
        send("a", plain("d8", "deployed"), T0);
        send("a", plain("d8", "deployed").replace("\"version\":\"1.2.3\"", "\"version\":\"9.9.9\""),
                T0.plusSeconds(1));
        send("a", plain("d8", "deployed").replace("\"environment\":\"prod\"", "\"environment\":\"staging\""),
                T0.plusSeconds(2));
        assertThat(verifications.readRecordsToList()).hasSize(1);
        List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(2);
        assertThat(dead).extracting(d -> new String(d.headers().lastHeader(Topics.DLQ_REASON).value(),
                StandardCharsets.UTF_8)).containsOnly(DeploymentDedupeProcessor.CONFLICT);
        assertThat(new String(dead.get(0).headers().lastHeader(Topics.DLQ_DETAIL).value(), StandardCharsets.UTF_8))
                .contains("checkout 1.2.3 in prod").contains("checkout 9.9.9 in prod");
        assertThat(new String(dead.get(1).headers().lastHeader(Topics.DLQ_DETAIL).value(), StandardCharsets.UTF_8))
                .contains("checkout 1.2.3 in prod").contains("checkout 1.2.3 in staging");
        assertThat(registry.find("postflight.records.deadlettered").tag("reason", "CONFLICT").counter().count())
                .isEqualTo(2.0);
    }

    @Test
    void aConflictDeadLetterNamesTheDeployEventRecordNotTheRepartitionTopic() {
        send("x", "{not json", T0);
        send("a", plain("d9", "deployed"), T0);
        send("b", plain("d9", "deployed").replace("\"version\":\"1.2.3\"", "\"version\":\"9.9.9\""),
                T0.plusSeconds(1));
        List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(2);
        TestRecord<String, byte[]> conflict = dead.get(1);
        assertThat(header(conflict, Topics.DLQ_REASON)).isEqualTo(DeploymentDedupeProcessor.CONFLICT);
        // The third record piped into the deploy events (offset 2); the repartition topic saw it second.
        assertThat(header(conflict, Topics.DLQ_SOURCE_TOPIC)).isEqualTo(Topics.DEPLOY_EVENTS.name());
        assertThat(header(conflict, Topics.DLQ_SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(conflict, Topics.DLQ_SOURCE_OFFSET)).isEqualTo("2");
        assertThat(header(conflict, Topics.DLQ_PAYLOAD)).isEqualTo(io.postflight.kafka.DeadLetters.PAYLOAD_DERIVED);
        assertThat(conflict.headers().toArray()).noneMatch(h -> h.key().startsWith("postflight.origin."));
        // A record rejected where it was read still names itself.
        assertThat(header(dead.get(0), Topics.DLQ_SOURCE_OFFSET)).isEqualTo("0");
        assertThat(header(dead.get(0), Topics.DLQ_PAYLOAD)).isEqualTo(io.postflight.kafka.DeadLetters.PAYLOAD_ORIGINAL);
    }

    private static String header(TestRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void anEntryAnOlderGatewayWroteIsStillARedelivery() {
        var serde = AcceptedDeployment.serde();
        byte[] legacy = org.apache.kafka.common.serialization.Serdes.Long().serializer().serialize("t", 1234L);
        AcceptedDeployment read = serde.deserializer().deserialize("t", legacy);
        assertThat(read.acceptedAt()).isEqualTo(1234L);
        assertThat(read.conflictsWith(new io.postflight.contracts.DeploymentRef("d", "s", "e", "v", null, null)))
                .isFalse();
    }

    @Test
    void anAnnouncedTraceparentIsContinuedOnTheVerificationAndAMalformedOneIsIgnored() {
        String cdTrace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        sendWithHeader("checkout/prod", plain("traced", "deployed"), "traceparent", cdTrace);
        sendWithHeader("checkout/prod", plain("untraced", "deployed"), "traceparent", "00-not-a-trace-01");

        var traced = verifications.readRecord();
        var untraced = verifications.readRecord();
        assertThat(new String(traced.value(), StandardCharsets.UTF_8)).contains("\"traced\"");
        // Tracing off: the CD system's context goes on unchanged; on, it would be the intake span's child.
        assertThat(new String(traced.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .isEqualTo(cdTrace);
        assertThat(new String(untraced.value(), StandardCharsets.UTF_8)).contains("\"untraced\"");
        assertThat(untraced.headers().lastHeader("traceparent")).isNull();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    private void sendWithHeader(String key, String json, String header, String value) {
        RecordHeaders h = new RecordHeaders();
        h.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        h.add(header, value.getBytes(StandardCharsets.UTF_8));
        deployEvents.pipeInput(new TestRecord<>(key.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8), h, T0));
    }

    private static String withEventId(String plain, String eventId) {
        return plain.replace("{", "{\"eventId\":\"" + eventId + "\",");
    }
}
