package io.postflight.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.postflight.gateway.http.DeployEventController;
import io.postflight.contracts.Topics;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway on a real broker, fed records that cannot be dead-lettered as they are: one just
 * under the broker's 1 MiB limit (its dead letter, with the reason headers added, no longer fits)
 * and one of 2 MiB sent gzip-compressed (small on the wire, 2 MiB once the gateway reads it). Each
 * is dead-lettered once, as a reference when its bytes do not fit, and the valid events behind it
 * on the same partition are still verified, by the stream thread that started.
 */
class GatewayPoisonRecordIT {
    /** Broker default message.max.bytes is 1048588: the record with its batch overhead just fits. */
    private static final int JUST_UNDER_THE_LIMIT = 1_048_400;
    private static final int TWO_MIB = 2 * 1024 * 1024;

    private static ApplicationContext gateway;
    private static String kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaTestBroker.bootstrapServers();
        Map<String, Object> props = new HashMap<>();
        props.put("postflight.kafka.bootstrap-servers", kafka);
        props.put("postflight.state-dir", Files.createTempDirectory("gateway-poison-it").toString());
        props.put("postflight.streams.gateway.application-id", "gateway-poison-it-" + UUID.randomUUID());
        props.put("micronaut.server.port", -1);
        gateway = ApplicationContext.builder("gateway").properties(props).deduceEnvironment(false).start();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aRecordJustUnderTheBrokerLimitIsDeadLetteredOnceAndTheEventsBehindItAreVerified() throws Exception {
        byte[] poison = new byte[JUST_UNDER_THE_LIMIT];
        Arrays.fill(poison, (byte) 'x');
        assertPoisonIsPassed(poison, "none");
    }

    @Test
    void aCompressedTwoMebibyteRecordIsDeadLetteredOnceAndTheEventsBehindItAreVerified() throws Exception {
        byte[] poison = new byte[TWO_MIB];
        Arrays.fill(poison, (byte) '{');
        assertPoisonIsPassed(poison, "gzip");
    }

    private void assertPoisonIsPassed(byte[] poison, String compression) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String key = "poison-" + run;
        double oversizedBefore = oversized();
        try (KafkaProducer<byte[], byte[]> producer = producer(compression)) {
            producer.send(new ProducerRecord<>(Topics.DEPLOY_EVENTS.name(), 0, key.getBytes(StandardCharsets.UTF_8),
                    poison)).get();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(Topics.DEPLOY_EVENTS.name(), 0,
                        key.getBytes(StandardCharsets.UTF_8), plainEvent(run, i))).get();
            }
        }
        try (TopicReader reader = new TopicReader(kafka, Topics.VERIFICATIONS.name())) {
            List<ConsumerRecord<String, byte[]>> started = reader.until(rs -> rs.stream()
                    .filter(r -> text(r).contains("\"deploymentId\":\"" + run + "-")).count() >= 3,
                    Duration.ofSeconds(120));
            assertThat(started.stream().filter(r -> text(r).contains("\"deploymentId\":\"" + run + "-"))).hasSize(3);
        }
        try (TopicReader reader = new TopicReader(kafka, Topics.DEAD_LETTER.name())) {
            List<ConsumerRecord<String, byte[]>> letters = reader.until(rs -> rs.stream()
                    .anyMatch(r -> key.equals(r.key())), Duration.ofSeconds(60));
            ConsumerRecord<String, byte[]> letter = letters.stream().filter(r -> key.equals(r.key())).findFirst()
                    .orElseThrow();
            assertThat(header(letter, Topics.DLQ_REASON)).isEqualTo("OVERSIZED");
            assertThat(header(letter, Topics.DLQ_PAYLOAD)).isEqualTo("reference");
            assertThat(text(letter)).contains("\"sha256\"").contains("\"size\":" + poison.length)
                    .contains("\"topic\":\"" + Topics.DEPLOY_EVENTS.name() + "\"");
        }
        assertThat(oversized() - oversizedBefore).isEqualTo(1.0);
        KafkaStreams streams = gateway.getBean(KafkaStreams.class);
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(streams.metadataForLocalThreads()).extracting(ThreadMetadata::threadName)
                .allMatch(name -> name.endsWith("-StreamThread-1"), "the first stream thread, never replaced");
    }

    @Test
    void theHttpIntakeIsOffUnlessConfigured() throws Exception {
        EmbeddedServer server = gateway.getBean(EmbeddedServer.class);
        if (!server.isRunning()) {
            server.start();
        }
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getPort() + "/intake/deploy-events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(plainEvent("off", 0))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("no write endpoint by default").isEqualTo(404);
        assertThat(gateway.containsBean(DeployEventController.class)).isFalse();
    }

    private static double oversized() {
        var counter = gateway.getBean(MeterRegistry.class).find("postflight.records.deadlettered")
                .tag("reason", "OVERSIZED").counter();
        return counter == null ? 0 : counter.count();
    }

    private static KafkaProducer<byte[], byte[]> producer(String compression) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        // The producer checks the uncompressed size; the broker only sees the small compressed batch.
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] plainEvent(String run, int i) {
        return ("{\"schema\":\"postflight.deploy/1\",\"deploymentId\":\"" + run + "-" + i + "\",\"service\":\"poison-"
                + run + "-" + i + "\",\"environment\":\"it\",\"version\":\"1.0." + i + "\","
                + "\"targets\":[{\"instance\":\"i-0\",\"url\":\"http://127.0.0.1:9\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String text(ConsumerRecord<String, byte[]> r) {
        return r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
    }
}
