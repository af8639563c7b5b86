package io.postflight.decision.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.postflight.contracts.Alert;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.Json;
import io.postflight.contracts.Topics;
import io.postflight.decision.DecisionEngineApplication;
import io.postflight.kafka.JsonSerde;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.testing.TopicReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decision engine's notifier on a real Kafka broker, forwarding to a real Alertmanager
 * ({@code /usr/bin/prometheus-alertmanager}, Debian package {@code prometheus-alertmanager}) on a
 * free loopback port: the alert arrives with its labels and annotations and is committed only then,
 * junk is dead-lettered with its reason, an alert of an aborted transaction is never read, and an
 * alert sent while Alertmanager is down stays uncommitted and arrives once it is back.
 */
class AlertmanagerNotifierIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration REDELIVERY_DELAY = Duration.ofSeconds(4);

    private static LocalAlertmanager alertmanager;
    private static String kafka;
    private static ApplicationContext decision;
    private static KafkaProducer<byte[], byte[]> producer;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        alertmanager = LocalAlertmanager.start();
        kafka = KafkaTestBroker.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> props = new HashMap<>();
        props.put("postflight.kafka.bootstrap-servers", kafka);
        props.put("postflight.state-dir", Files.createTempDirectory("alertmanager-it").toString());
        props.put("postflight.streams.decision.application-id", "alertmanager-it-decision-" + run);
        props.put("micronaut.server.port", -1);
        props.put("postflight.alertmanager.enabled", true);
        props.put("postflight.alertmanager.url", alertmanager.url().toString());
        props.put("postflight.alertmanager.timeout", "1s");
        props.put("postflight.alertmanager.retry-attempts", 2);
        props.put("postflight.alertmanager.retry-backoff", "100ms");
        props.put("postflight.alertmanager.redelivery-delay", REDELIVERY_DELAY.toMillis() + "ms");
        props.put("postflight.alertmanager.labels.team", "it");
        decision = ApplicationContext.builder(DecisionEngineApplication.ENVIRONMENT).properties(props)
                .deduceEnvironment(false).start();
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        Properties a = new Properties();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        admin = Admin.create(a);
    }

    @AfterAll
    static void stop() throws Exception {
        if (producer != null) {
            producer.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (decision != null) {
            decision.close();
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    @Test
    void aRollbackReachesAlertmanagerWithItsLabelsAndAnnotationsAndIsCommittedAfterwards() throws Exception {
        String id = "checkout-" + UUID.randomUUID();
        Instant decidedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Alert alert = Alerts.of(id, DecisionKind.ROLLBACK, false, decidedAt,
                "HEALTH FAILED: checkout-0 crash-looping", "error rate 12.0 % > 1.0 %");

        RecordMetadata sent = send(alert.decision().deployment().slot(), JsonSerde.toBytes(alert));

        JsonNode received = awaitAlert(id);
        assertThat(strings(received.get("labels"))).isEqualTo(Map.of(
                "alertname", "PostflightRollback", "severity", "critical", "service", "checkout",
                "environment", "prod", "version", "2.4.0", "deployment_id", id, "post_promotion", "false",
                "team", "it"));
        assertThat(strings(received.get("annotations"))).isEqualTo(Map.of(
                "summary", "ROLLBACK checkout 2.4.0 in prod: HEALTH FAILED: checkout-0 crash-looping; "
                        + "error rate 12.0 % > 1.0 %",
                "reasons", "HEALTH FAILED: checkout-0 crash-looping\nerror rate 12.0 % > 1.0 %",
                "decision_id", id + ":rollback",
                "runbook_url", "docs/runbooks/deployment-rolled-back.md",
                "previous_version", "2.3.9"));
        assertThat(Instant.parse(received.get("startsAt").asText())).isEqualTo(decidedAt);
        assertThat(Instant.parse(received.get("endsAt").asText()))
                .isEqualTo(decidedAt.plus(AlertmanagerConfig.DEFAULT_RESOLVE_TIMEOUT));
        assertThat(received.get("status").get("state").asText()).isEqualTo("active");

        assertThat(awaitCommitted(sent, c -> c > sent.offset())).isEqualTo(sent.offset() + 1);
        assertThat(counter("postflight.alertmanager.sent", "severity", "critical")).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void junkIsDeadLetteredWithItsReasonCountedAndTheNotifierCarriesOn() throws Exception {
        String marker = "junk-" + UUID.randomUUID();
        String id = "checkout-" + UUID.randomUUID();
        Alert hold = Alerts.of(id, DecisionKind.HOLD, false, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                "BASELINE INCONCLUSIVE: 120 requests, 1000 needed");
        send(marker, "not json at all".getBytes(StandardCharsets.UTF_8));
        send(marker, new String(JsonSerde.toBytes(hold), StandardCharsets.UTF_8)
                .replace(Alert.SCHEMA, "postflight.alert/9").getBytes(StandardCharsets.UTF_8));
        send(marker, "{\"schema\":\"postflight.alert/1\",\"alertId\":\"a-1\"}".getBytes(StandardCharsets.UTF_8));
        // Same key, same partition: delivered after the junk only if the notifier carried on.
        send(marker, JsonSerde.toBytes(hold));

        try (TopicReader reader = new TopicReader(kafka, Topics.DEAD_LETTER.name())) {
            List<ConsumerRecord<String, byte[]>> dead = reader.until(rs -> rs.stream()
                    .filter(r -> marker.equals(r.key())).count() >= 3, WAIT).stream()
                    .filter(r -> marker.equals(r.key())).toList();
            assertThat(dead).extracting(r -> header(r, Topics.DLQ_REASON))
                    .containsExactly("NOT_JSON", "UNKNOWN_TYPE", "SCHEMA_INVALID");
            assertThat(dead).extracting(r -> header(r, Topics.DLQ_CONSUMER))
                    .containsOnly(AlertmanagerNotifier.CONSUMER);
            assertThat(dead).extracting(r -> header(r, Topics.DLQ_SOURCE_TOPIC)).containsOnly(Topics.ALERTS.name());
            assertThat(header(dead.get(1), Topics.DLQ_DETAIL)).contains("postflight.alert/9");
            assertThat(header(dead.get(2), Topics.DLQ_DETAIL)).contains("decision");
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not json at all");
        }
        assertThat(counter("postflight.records.deadlettered", "reason", "NOT_JSON")).isGreaterThanOrEqualTo(1.0);

        JsonNode received = awaitAlert(id);
        assertThat(received.get("labels").get("alertname").asText()).isEqualTo("PostflightHold");
        assertThat(received.get("labels").get("severity").asText()).isEqualTo("warning");
        assertThat(received.get("annotations").get("runbook_url").asText())
                .isEqualTo("docs/runbooks/deployment-on-hold.md");
    }

    @Test
    void anAlertSentWhileAlertmanagerIsDownStaysUncommittedAndArrivesWhenItIsBack() throws Exception {
        String id = "checkout-" + UUID.randomUUID();
        Alert alert = Alerts.of(id, DecisionKind.ROLLBACK, true, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                "DRIFT FAILED: memory grows 40 MiB/h");
        double failuresBefore = counter("postflight.alertmanager.failures", "reason", "failed");
        alertmanager.stopServer();
        try {
            RecordMetadata sent = send(alert.decision().deployment().slot(), JsonSerde.toBytes(alert));

            await("a failed delivery counted").atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(counter("postflight.alertmanager.failures", "reason", "failed"))
                            .isGreaterThan(failuresBefore));
            long failedAt = System.nanoTime();
            Long committed = committed(sent);
            assertThat(committed == null || committed <= sent.offset())
                    .as("committed offset %s must not pass the undelivered alert at %s", committed, sent.offset())
                    .isTrue();

            alertmanager.startServer();
            JsonNode received = awaitAlert(id);
            assertThat(received.get("labels").get("post_promotion").asText()).isEqualTo("true");
            // Tried again only after postflight.alertmanager.redelivery-delay, not at once nor at a built-in default.
            assertThat(Duration.ofNanos(System.nanoTime() - failedAt))
                    .isGreaterThanOrEqualTo(REDELIVERY_DELAY.minusMillis(200));
            assertThat(awaitCommitted(sent, c -> c > sent.offset())).isEqualTo(sent.offset() + 1);
        } finally {
            if (!alertmanager.running()) {
                alertmanager.startServer();
            }
        }
    }

    @Test
    void anAlertOfAnAbortedTransactionPagesNoOne() throws Exception {
        String aborted = "checkout-" + UUID.randomUUID();
        String committed = "checkout-" + UUID.randomUUID();
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        p.put("transactional.id", "alertmanager-it-" + UUID.randomUUID());
        try (KafkaProducer<byte[], byte[]> tx = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            tx.initTransactions();
            tx.beginTransaction();
            Alert a = Alerts.of(aborted, DecisionKind.ROLLBACK, false, Instant.now(), "never decided");
            tx.send(new ProducerRecord<>(Topics.ALERTS.name(), "tx/it".getBytes(StandardCharsets.UTF_8),
                    JsonSerde.toBytes(a))).get();
            tx.abortTransaction();
        }
        // Same key, same partition, after the aborted one: once it is in, the aborted one was passed over.
        send("tx/it", JsonSerde.toBytes(Alerts.of(committed, DecisionKind.HOLD, false, Instant.now(), "no data")));

        awaitAlert(committed);
        String filter = URLEncoder.encode("deployment_id=\"" + aborted + "\"", StandardCharsets.UTF_8);
        assertThat(Json.MAPPER.readTree(alertmanager.get("/api/v2/alerts?filter=" + filter))).isEmpty();
    }

    private static RecordMetadata send(String key, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(Topics.ALERTS.name(), key.getBytes(StandardCharsets.UTF_8), value))
                .get();
    }

    /** The alert Alertmanager holds for {@code deploymentId}, waiting for it to arrive. */
    private static JsonNode awaitAlert(String deploymentId) {
        String filter = URLEncoder.encode("deployment_id=\"" + deploymentId + "\"", StandardCharsets.UTF_8);
        AtomicReference<JsonNode> alerts = new AtomicReference<>();
        await("an alert for " + deploymentId + " in Alertmanager").atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    alerts.set(Json.MAPPER.readTree(alertmanager.get("/api/v2/alerts?filter=" + filter)));
                    assertThat(alerts.get()).as("Alertmanager's answer; its log:\n%s", alertmanager.log()).isNotEmpty();
                });
        assertThat(alerts.get().size()).as("one alert per deployment and decision").isEqualTo(1);
        return alerts.get().get(0);
    }

    private static Long committed(RecordMetadata sent) throws Exception {
        TopicPartition tp = new TopicPartition(sent.topic(), sent.partition());
        OffsetAndMetadata o = admin.listConsumerGroupOffsets(AlertmanagerNotifier.GROUP_ID)
                .partitionsToOffsetAndMetadata().get().get(tp);
        return o == null ? null : o.offset();
    }

    /** The notifier's committed offset on {@code sent}'s partition, once {@code done} holds for it. */
    private static long awaitCommitted(RecordMetadata sent, LongPredicate done) {
        return await("committed offset of " + AlertmanagerNotifier.GROUP_ID + " on " + sent.topic() + "-"
                + sent.partition()).atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> committed(sent), c -> c != null && done.test(c));
    }

    private static double counter(String name, String tag, String value) {
        Counter c = decision.getBean(MeterRegistry.class).find(name).tag(tag, value).counter();
        return c == null ? 0.0 : c.count();
    }

    private static Map<String, String> strings(JsonNode object) {
        return Json.MAPPER.convertValue(object, new TypeReference<Map<String, String>>() { });
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return r.headers().lastHeader(name) == null ? null
                : new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
