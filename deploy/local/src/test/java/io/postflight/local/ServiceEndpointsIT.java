package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.postflight.testing.KafkaTestBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What operators see of a running service: readiness that includes the Kafka Streams state, and
 * Prometheus metrics including consumer lag and Postflight's own counters.
 */
class ServiceEndpointsIT {
    private static ApplicationContext service;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @BeforeAll
    static void start() throws Exception {
        service = LocalStack.startService("health", new String[0], Map.of(
                "postflight.kafka.bootstrap-servers", KafkaTestBroker.bootstrapServers(),
                "postflight.state-dir", Files.createTempDirectory("endpoints-it").toString(),
                "postflight.streams.health.application-id", "endpoints-it-" + UUID.randomUUID()));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    /** An HTTP answer; its text form is what a timeout message shows of the last one. */
    private record Answer(int statusCode, String body) {
    }

    private static Answer get(String path) throws Exception {
        int port = service.getBean(EmbeddedServer.class).getPort();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    /** GETs {@code path} until {@code done} holds for the answer; returns that answer. */
    private static Answer getUntil(String path, Predicate<Answer> done) {
        return await("GET " + path).atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> get(path), done);
    }

    @Test
    void readinessReportsTheKafkaStreamsStateAndTurnsUpOnceRunning() throws Exception {
        Answer r = getUntil("/health/readiness", a -> a.statusCode() == 200);
        assertThat(r.statusCode()).isEqualTo(200);
        // The indicator names each stream thread and its state; wait for the thread to be running.
        Answer full = getUntil("/health", a -> a.body().contains("\"threadState\":\"RUNNING\""));
        assertThat(full.body()).contains("\"kafkaStreams\"").contains("\"threadState\":\"RUNNING\"");
        assertThat(get("/health/liveness").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsIncludeConsumerLagAndPostflightCounters() throws Exception {
        // Something for the service to count: one unreadable verification record.
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", KafkaTestBroker.bootstrapServers());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(p,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                    io.postflight.contracts.Topics.VERIFICATIONS.name(), "endpoints/it", "not json")).get();
        }
        Answer r = getUntil("/prometheus", a -> a.body().contains("postflight_records_deadlettered_total"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("kafka_streams_records_lag_max_records")
                .contains("postflight_records_consumed_total{consumer=\"health-verifier\"")
                .contains("postflight_records_deadlettered_total{consumer=\"health-verifier\",reason=\"NOT_JSON\"}");
    }
}
