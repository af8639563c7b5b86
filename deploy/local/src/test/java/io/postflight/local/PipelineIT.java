package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.Json;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.local.DemoTarget.Behaviour;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gateway, health verifier and decision engine on a real Kafka broker, probing real HTTP targets:
 * CDEvents in both CloudEvents modes start verifications that end in the right decision, bad input
 * is dead-lettered with its reason and counted, and a re-delivered event starts nothing new.
 */
class PipelineIT {
    private static String kafka;
    private static final List<ApplicationContext> services = new java.util.ArrayList<>();
    private static ScriptedCd cd;
    private static final List<DemoTarget> targets = new java.util.ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaTestBroker.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> props = new HashMap<>();
        props.put("postflight.kafka.bootstrap-servers", kafka);
        props.put("postflight.state-dir", Files.createTempDirectory("pipeline-it").toString());
        props.put("micronaut.server.port", -1);
        for (String s : List.of("gateway", "health", "decision")) {
            props.put("postflight.streams." + s + ".application-id", "pipeline-it-" + s + "-" + run);
        }
        props.put("postflight.gateway.phases", "HEALTH");
        props.put("postflight.gateway.max-event-bytes", 4096);
        props.put("postflight.health.probe-interval", "300ms");
        props.put("postflight.health.probe-timeout", "300ms");
        props.put("postflight.health.probe-attempts", 2);
        props.put("postflight.health.probe-backoff", "20ms");
        props.put("postflight.health.pass-after-consecutive-healthy", 5);
        props.put("postflight.health.fail-after-consecutive-unhealthy", 4);
        props.put("postflight.health.tick", "100ms");
        for (String service : List.of("decision", "health", "gateway")) {
            Map<String, Object> own = new HashMap<>(props);
            own.put("postflight.state-dir", props.get("postflight.state-dir") + "/" + service);
            services.add(LocalStack.startService(service, new String[0], own));
        }
        cd = new ScriptedCd(kafka);
    }

    @AfterAll
    static void stop() {
        if (cd != null) {
            cd.close();
        }
        services.forEach(ApplicationContext::close);
        targets.forEach(DemoTarget::close);
    }

    private static List<DemoTarget> instances(String prefix, Behaviour b, int n) throws Exception {
        List<DemoTarget> list = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            DemoTarget t = new DemoTarget(prefix + "-" + i, b);
            targets.add(t);
            list.add(t);
        }
        return list;
    }

    private static List<Decision> decisionsFor(String deploymentId, Duration wait) {
        try (TopicReader reader = new TopicReader(kafka, Topics.DECISIONS.name())) {
            reader.until(rs -> rs.stream().anyMatch(r -> matches(r, deploymentId)), wait);
            // Keep listening a little: a second decision for the same deployment must show up here.
            return reader.drain(Duration.ofSeconds(3)).stream()
                    .filter(r -> matches(r, deploymentId)).map(PipelineIT::decision).toList();
        }
    }

    private static boolean matches(ConsumerRecord<String, byte[]> r, String deploymentId) {
        return new String(r.value(), StandardCharsets.UTF_8).contains("\"deploymentId\":\"" + deploymentId + "\"");
    }

    private static Decision decision(ConsumerRecord<String, byte[]> r) {
        try {
            return Json.MAPPER.readValue(r.value(), Decision.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aStructuredModeCdEventOfAHealthyVersionIsVerifiedAndPromoted() throws Exception {
        String id = cd.deployed("cart", "it", "2.0.0", "1.9.0", instances("cart", Behaviour.HEALTHY, 2), true);
        List<Decision> ds = decisionsFor(id, Duration.ofSeconds(60));
        assertThat(ds).extracting(Decision::kind).containsExactly(DecisionKind.PROMOTE);
        assertThat(ds.get(0).reasons().get(0)).contains("HEALTH PASSED").contains("all 2 instances");
        assertThat(ds.get(0).deployEvent().type()).isEqualTo("dev.cdevents.service.deployed.0.2.0");
    }

    @Test
    void aBinaryModeCdEventOfACrashLoopingVersionIsVerifiedAndRolledBack() throws Exception {
        String id = cd.deployed("search", "it", "3.1.0", "3.0.0", instances("search", Behaviour.CRASH_LOOP, 1), false);
        List<Decision> ds = decisionsFor(id, Duration.ofSeconds(60));
        assertThat(ds).extracting(Decision::kind).containsExactly(DecisionKind.ROLLBACK);
        assertThat(ds.get(0).reasons().get(0)).contains("HEALTH FAILED");
        assertThat(ds.get(0).evidence()).anyMatch(e -> e.breached() && e.check().equals("health:search-0"));
    }

    @Test
    void badInputIsDeadLetteredWithItsReasonCountedAndTheConsumerCarriesOn() throws Exception {
        String marker = UUID.randomUUID().toString();
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            send(producer, marker, "not json at all", Map.of("content-type", "application/json"));
            send(producer, marker, "{\"schema\":\"postflight.deploy/1\",\"eventId\":\"e1\",\"service\":42,"
                    + "\"environment\":\"it\",\"version\":\"1\"}", Map.of("content-type", "application/json"));
            send(producer, marker, "{\"schema\":\"postflight.deploy/1\",\"eventId\":\"e2\",\"environment\":\"it\","
                    + "\"version\":\"1\"}", Map.of("content-type", "application/json"));
            send(producer, marker, "{\"context\":{},\"subject\":{}}", Map.of("ce_specversion", "1.0",
                    "ce_id", "x1", "ce_source", "/cd", "ce_type", "dev.cdevents.pipelinerun.started.0.1.0",
                    "content-type", "application/json"));
            send(producer, marker, "{\"schema\":\"postflight.deploy/1\",\"pad\":\"" + "x".repeat(5000) + "\"}",
                    Map.of("content-type", "application/json"));
        }
        try (TopicReader reader = new TopicReader(kafka, Topics.DEAD_LETTER.name())) {
            List<ConsumerRecord<String, byte[]>> dead = reader.until(rs -> rs.stream()
                    .filter(r -> marker.equals(r.key())).count() >= 5, Duration.ofSeconds(30)).stream()
                    .filter(r -> marker.equals(r.key())).toList();
            assertThat(dead).extracting(r -> header(r, Topics.DLQ_REASON)).containsExactly(
                    "NOT_JSON", "SCHEMA_INVALID", "SCHEMA_INVALID", "UNKNOWN_TYPE", "OVERSIZED");
            assertThat(header(dead.get(1), Topics.DLQ_DETAIL)).contains("service");
            assertThat(header(dead.get(2), Topics.DLQ_DETAIL)).contains("service").contains("required");
            assertThat(header(dead.get(0), Topics.DLQ_SOURCE_TOPIC)).isEqualTo(Topics.DEPLOY_EVENTS.name());
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not json at all");
        }
        MeterRegistry registry = services.get(2).getBean(MeterRegistry.class);
        assertThat(registry.find("postflight.records.deadlettered").tag("reason", "SCHEMA_INVALID").counter().count())
                .isGreaterThanOrEqualTo(2.0);
        // The consumer carried on: a good event after the bad ones is still verified.
        String id = cd.deployed("after-bad", "it", "1.0.1", "1.0.0", instances("after-bad", Behaviour.HEALTHY, 1), true);
        assertThat(decisionsFor(id, Duration.ofSeconds(60))).extracting(Decision::kind)
                .containsExactly(DecisionKind.PROMOTE);
    }

    @Test
    void theSameEventDeliveredTwiceStartsOneVerification() throws Exception {
        String deploymentId = "twice-" + UUID.randomUUID();
        String form = "{\"schema\":\"postflight.deploy/1\",\"deploymentId\":\"" + deploymentId + "\","
                + "\"service\":\"twice\",\"environment\":\"it\",\"version\":\"5.0.0\",\"targets\":[{\"instance\":\"t0\","
                + "\"url\":\"" + instances("twice", Behaviour.HEALTHY, 1).get(0).url() + "\"}]}";
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            // Different keys on different partitions: the CD system's keying must not matter.
            sendTo(producer, 0, "first-copy", form);
            sendTo(producer, 2, "second-copy", form);
        }
        assertThat(decisionsFor(deploymentId, Duration.ofSeconds(60))).hasSize(1);
        try (TopicReader reader = new TopicReader(kafka, Topics.VERIFICATIONS.name())) {
            List<VerificationStarted> started = reader.drain(Duration.ofSeconds(3)).stream()
                    .filter(r -> matches(r, deploymentId)).map(r -> {
                        try {
                            return Json.MAPPER.readValue(r.value(), VerificationStarted.class);
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }).toList();
            assertThat(started).hasSize(1);
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String key, String value,
                             Map<String, String> headers) throws Exception {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topics.DEPLOY_EVENTS.name(),
                key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
        headers.forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        producer.send(r).get();
    }

    private static void sendTo(KafkaProducer<byte[], byte[]> producer, int partition, String key, String value)
            throws Exception {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topics.DEPLOY_EVENTS.name(), partition,
                key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
        r.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        producer.send(r).get();
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return r.headers().lastHeader(name) == null ? null
                : new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
