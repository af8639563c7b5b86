package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;

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

    private static HttpResponse<String> get(String path) throws Exception {
        int port = service.getBean(EmbeddedServer.class).getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readinessReportsTheKafkaStreamsStateAndTurnsUpOnceRunning() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> r = get("/health/readiness");
        while (r.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            r = get("/health/readiness");
        }
        assertThat(r.statusCode()).isEqualTo(200);
        // The indicator names each stream thread and its state; wait for the thread to be running.
        HttpResponse<String> full = get("/health");
        while (!full.body().contains("\"threadState\":\"RUNNING\"") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            full = get("/health");
        }
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
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> r = get("/prometheus");
        while (!r.body().contains("postflight_records_deadlettered_total") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            r = get("/prometheus");
        }
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("kafka_streams_records_lag_max_records")
                .contains("postflight_records_consumed_total{consumer=\"health-verifier\"")
                .contains("postflight_records_deadlettered_total{consumer=\"health-verifier\",reason=\"NOT_JSON\"}");
    }
}
