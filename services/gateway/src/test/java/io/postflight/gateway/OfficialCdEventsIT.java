package io.postflight.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.postflight.contracts.Json;
import io.postflight.contracts.Topics;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.testing.TopicReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events as CD systems send them start verifications on a real broker: a CDEvent whose
 * {@code subject.id} is {@code checkout/production}, in each CloudEvents Kafka mode, verifies
 * {@code checkout} in {@code production}; and each official CDEvents example (test resources
 * {@code cdevents/official}, sources in its SOURCES.md), wrapped in a structured CloudEvent with a
 * fresh id, starts a verification.
 *
 * <p>The twelve examples share one {@code context.id} and {@code source}; each fresh envelope is a
 * new event to CloudEvents, and one gateway starts a verification for each (the deployment id is the
 * CloudEvent id, contracts/README.md §4.2).
 */
class OfficialCdEventsIT {
    private static final Duration STARTS_WITHIN = Duration.ofSeconds(120);
    private static final String HEX = "0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427";

    private static String kafka;

    @BeforeAll
    static void broker() {
        kafka = KafkaTestBroker.bootstrapServers();
    }

    static List<String> examples() {
        List<String> all = new ArrayList<>();
        for (String spec : List.of("spec-v0.3.0", "spec-v0.4.1", "spec-v0.5.1", "spec-main-8917b18")) {
            for (String event : List.of("service_deployed", "service_upgraded", "service_rolledback")) {
                all.add(spec + "/" + event + ".json");
            }
        }
        return all;
    }

    @Test
    void eachOfficialExampleInAFreshStructuredCloudEventStartsAVerification() throws Exception {
        Map<String, JsonNode> sent = new java.util.LinkedHashMap<>();
        try (ApplicationContext gateway = gatewayFromTheEndOfTheTopic()) {
            for (String example : examples()) {
                JsonNode cdevent = Json.MAPPER.readTree(resource("/cdevents/official/" + example));
                String freshId = UUID.randomUUID().toString();
                send(freshId, Map.of("content-type", "application/cloudevents+json; charset=utf-8"),
                        Json.MAPPER.writeValueAsBytes(structured(cdevent, freshId)));
                sent.put(freshId, cdevent);
            }
            for (Map.Entry<String, JsonNode> e : sent.entrySet()) {
                JsonNode started = startedFor(e.getKey());
                assertThat(started.path("deployment").path("deploymentId").asText()).isEqualTo(e.getKey());
                assertThat(started.path("deployment").path("service").asText()).isEqualTo("mySubject123");
                assertThat(started.path("deployment").path("environment").asText()).isEqualTo("test123");
                assertThat(started.path("deployment").path("version").asText()).isEqualTo("sha256:" + HEX);
                assertThat(started.path("deployment").path("artifactDigest").asText()).isEqualTo("sha256:" + HEX);
                assertThat(started.path("deployEvent").path("type").asText())
                        .isEqualTo(e.getValue().at("/context/type").asText());
            }
        }
    }

    @Test
    void checkoutSlashProductionVerifiesCheckoutInProductionInBothModes() throws Exception {
        String structuredId = UUID.randomUUID().toString();
        String binaryId = UUID.randomUUID().toString();
        try (ApplicationContext gateway = gatewayFromTheEndOfTheTopic()) {
            send(structuredId, Map.of("content-type", "application/cloudevents+json; charset=utf-8"),
                    Json.MAPPER.writeValueAsBytes(structured(checkoutInProduction(structuredId), structuredId)));
            JsonNode binary = checkoutInProduction(binaryId);
            Map<String, String> headers = new HashMap<>();
            headers.put("ce_specversion", "1.0");
            headers.put("ce_id", binaryId);
            headers.put("ce_source", "/argocd/shop");
            headers.put("ce_type", "dev.cdevents.service.upgraded.0.3.0");
            headers.put("ce_subject", "checkout/production");
            headers.put("content-type", "application/json");
            send(binaryId, headers, Json.MAPPER.writeValueAsBytes(binary));

            for (String id : List.of(structuredId, binaryId)) {
                ConsumerRecord<String, byte[]> record = startedRecordFor(id);
                JsonNode started = Json.MAPPER.readTree(record.value());
                assertThat(record.key()).isEqualTo("checkout/production");
                assertThat(started.path("deployment").path("service").asText()).isEqualTo("checkout");
                assertThat(started.path("deployment").path("environment").asText()).isEqualTo("production");
                assertThat(started.path("deployment").path("deploymentId").asText()).isEqualTo(id);
            }
        }
    }

    /** A CDEvents 0.5 service.upgraded as an SDK user naming service and environment writes it. */
    private static ObjectNode checkoutInProduction(String id) {
        ObjectNode cdevent = Json.MAPPER.createObjectNode();
        ObjectNode context = cdevent.putObject("context");
        context.put("specversion", "0.5.1");
        context.put("id", id);
        context.put("source", "/argocd/shop");
        context.put("type", "dev.cdevents.service.upgraded.0.3.0");
        context.put("timestamp", java.time.Instant.now().toString());
        ObjectNode subject = cdevent.putObject("subject");
        subject.put("id", "checkout/production");
        subject.put("source", "/argocd/shop");
        ObjectNode content = subject.putObject("content");
        content.putObject("environment").put("id", "production");
        content.put("artifactId", "pkg:oci/checkout@sha256%3A" + HEX + "?repository_url=mycr.io/shop/checkout");
        return cdevent;
    }

    private static ObjectNode structured(JsonNode cdevent, String id) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", cdevent.at("/context/source").asText());
        event.put("type", cdevent.at("/context/type").asText());
        event.put("datacontenttype", "application/json");
        event.set("data", cdevent);
        return event;
    }

    /**
     * A gateway whose consumer group starts at the current end of the deploy-events topic, so it
     * sees only what this test sends (earlier tests' events would otherwise come first).
     */
    private static ApplicationContext gatewayFromTheEndOfTheTopic() throws Exception {
        String applicationId = "gateway-official-cdevents-it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (int p = 0; p < Topics.DEPLOY_EVENTS.partitions(); p++) {
                ends.put(new TopicPartition(Topics.DEPLOY_EVENTS.name(), p), OffsetSpec.latest());
            }
            Map<TopicPartition, OffsetAndMetadata> start = admin.listOffsets(ends).all().get(60, TimeUnit.SECONDS)
                    .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                            e -> new OffsetAndMetadata(e.getValue().offset())));
            admin.alterConsumerGroupOffsets(applicationId, start).all().get(60, TimeUnit.SECONDS);
        }
        Map<String, Object> props = new HashMap<>();
        props.put("postflight.kafka.bootstrap-servers", kafka);
        props.put("postflight.state-dir", Files.createTempDirectory("gateway-official-cdevents-it").toString());
        props.put("postflight.streams.gateway.application-id", applicationId);
        props.put("micronaut.server.port", -1);
        return ApplicationContext.builder("gateway").properties(props).deduceEnvironment(false).start();
    }

    private static void send(String key, Map<String, String> headers, byte[] value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.DEPLOY_EVENTS.name(),
                    key.getBytes(StandardCharsets.UTF_8), value);
            headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get(60, TimeUnit.SECONDS);
        }
    }

    private static JsonNode startedFor(String eventId) throws IOException {
        return Json.MAPPER.readTree(startedRecordFor(eventId).value());
    }

    private static ConsumerRecord<String, byte[]> startedRecordFor(String eventId) {
        try (TopicReader reader = new TopicReader(kafka, Topics.VERIFICATIONS.name())) {
            return reader.until(rs -> rs.stream().anyMatch(r -> answers(r, eventId)), STARTS_WITHIN).stream()
                    .filter(r -> answers(r, eventId)).findFirst().orElseThrow();
        }
    }

    private static boolean answers(ConsumerRecord<String, byte[]> r, String eventId) {
        return r.value() != null && new String(r.value(), StandardCharsets.UTF_8)
                .contains("\"id\":\"" + eventId + "\"");
    }

    private static byte[] resource(String path) {
        try (InputStream in = OfficialCdEventsIT.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
