package io.postflight.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.postflight.httpkit.RequestKeys;
import io.postflight.contracts.Phase;
import io.postflight.contracts.intake.CloudEventsDeployEventDecoder;
import io.postflight.gateway.DeployEventIntake;
import io.postflight.gateway.GatewayConfig;
import io.postflight.kafka.AcknowledgedWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The controller called without its HTTP server. A broker that cannot be reached (a real producer
 * against a loopback port nothing listens on): 503 with Retry-After, never a 2xx, and the webhook's
 * delivery id is not spent (the sender's retry is not a replay). Refusals that come before any
 * write: the rate limit, a signed webhook's event time and delivery id.
 */
class DeployEventControllerTest {
    private static final String SECRET = HttpIntakeIT.randomSecret();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private DeployEventPublisher publisher;

    @AfterEach
    void close() {
        if (publisher != null) {
            publisher.close();
        }
    }

    @Test
    void theRequestsTraceparentGoesWithEachEventForTheKafkaIntakeToContinue() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        HttpRequest<?> request = HttpRequest.POST("/intake/deploy-events", "")
                .header("traceparent", traceparent).header("tracestate", "cd=1");
        var records = DeployEventController.traced(List.of(new CloudEventsHttpBinding.KafkaForm(
                java.util.Map.of("content-type", "application/json"), new byte[0])), request.getHeaders());
        assertThat(records.get(0).headers()).containsEntry("traceparent", traceparent)
                .containsEntry("tracestate", "cd=1").containsEntry("content-type", "application/json");
        HttpRequest<?> untraced = HttpRequest.POST("/intake/deploy-events", "");
        var plain = List.of(new CloudEventsHttpBinding.KafkaForm(java.util.Map.of(), new byte[0]));
        assertThat(DeployEventController.traced(plain, untraced.getHeaders())).isSameAs(plain);
    }

    @Test
    void anEventsOwnTraceContextIsKeptOverTheRequests() {
        String request = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        String own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        HttpRequest<?> traced = HttpRequest.POST("/intake/deploy-events", "").header("traceparent", request);
        var binary = new CloudEventsHttpBinding.KafkaForm(java.util.Map.of("ce_traceparent", own), new byte[0]);
        var structured = new CloudEventsHttpBinding.KafkaForm(java.util.Map.of(),
                ("{\"specversion\":\"1.0\",\"traceparent\":\"" + own + "\"}").getBytes(StandardCharsets.UTF_8));
        var batch = DeployEventController.traced(List.of(binary, structured), traced.getHeaders());
        assertThat(batch.get(0).headers()).as("binary mode").doesNotContainKey("traceparent");
        assertThat(batch.get(1).headers()).as("structured mode").doesNotContainKey("traceparent");
    }

    @Test
    void anUnreachableBrokerAnswers503WithRetryAfterAndLeavesTheDeliveryUnspent() throws Exception {
        IntakeMetrics metrics = new IntakeMetrics(registry);
        DeployEventController controller = controller(IntakeCredentialsTest.config(SECRET), metrics,
                "127.0.0.1:" + closedPort());
        byte[] body = HttpIntakeIT.structured("down-1", "checkout").toString().getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; attempt < 2; attempt++) {
            HttpRequest<byte[]> request = HttpRequest.POST("/intake/deploy-events", body)
                    .header(HttpHeaders.CONTENT_TYPE, "application/cloudevents+json")
                    .header("X-Hub-Signature-256", new WebhookSignature(SECRET).sign(body))
                    .header("X-GitHub-Delivery", "delivery-down-1");

            HttpResponse<String> answer = controller.post(request, body, null);

            assertThat(answer.code()).as("attempt %d: %s", attempt, answer.body()).isEqualTo(503);
            assertThat(answer.getHeaders().get(HttpHeaders.RETRY_AFTER)).isEqualTo("10");
            assertThat(answer.body()).contains("\"reason\":\"broker-unavailable\"");
        }
        assertThat(metrics.refusedCount(Refusal.BROKER_UNAVAILABLE)).isEqualTo(2.0);
        assertThat(metrics.refusedCount(Refusal.REPLAYED_DELIVERY)).isZero();
    }

    @Test
    void aClientAboveItsRateIsAnswered429WithRetryAfterBeforeItsCredentialsAreLookedAt() throws Exception {
        IntakeMetrics metrics = new IntakeMetrics(registry);
        HttpIntakeConfig one = IntakeCredentialsTest.config(SECRET, 1);
        DeployEventController controller = controller(one, metrics, "127.0.0.1:" + closedPort());
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        HttpRequest<byte[]> request = HttpRequest.POST("/intake/deploy-events", body)
                .header(HttpHeaders.CONTENT_TYPE, "application/json");

        assertThat(controller.post(request, body, null).code()).isEqualTo(401);
        HttpResponse<String> limited = controller.post(request, body, null);

        assertThat(limited.code()).isEqualTo(429);
        assertThat(limited.getHeaders().get(HttpHeaders.RETRY_AFTER)).isEqualTo("10");
        assertThat(metrics.refusedCount(Refusal.RATE_LIMITED)).isEqualTo(1.0);
        assertThat(metrics.refusedCount(Refusal.NO_CREDENTIALS)).isEqualTo(1.0);
    }

    @Test
    void aSignedWebhookWhoseEventTimeIsOutsideTheSkewOrWithoutADeliveryIdIsRefused() throws Exception {
        IntakeMetrics metrics = new IntakeMetrics(registry);
        DeployEventController controller = controller(IntakeCredentialsTest.config(SECRET), metrics,
                "127.0.0.1:" + closedPort());
        ObjectNode event = HttpIntakeIT.structured("old-1", "checkout");
        event.put("time", Instant.now().minus(Duration.ofHours(1)).toString());
        byte[] old = event.toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> stale = controller.post(HttpRequest.POST("/intake/deploy-events", old)
                .header(HttpHeaders.CONTENT_TYPE, "application/cloudevents+json")
                .header("X-Hub-Signature-256", new WebhookSignature(SECRET).sign(old))
                .header("X-GitHub-Delivery", "delivery-old-1"), old, null);
        assertThat(stale.code()).as(stale.body()).isEqualTo(400);
        assertThat(stale.body()).contains("\"reason\":\"event-time-skew\"");

        byte[] fresh = HttpIntakeIT.structured("fresh-1", "checkout").toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> anonymous = controller.post(HttpRequest.POST("/intake/deploy-events", fresh)
                .header(HttpHeaders.CONTENT_TYPE, "application/cloudevents+json")
                .header("X-Hub-Signature-256", new WebhookSignature(SECRET).sign(fresh)), fresh, null);
        assertThat(anonymous.code()).as(anonymous.body()).isEqualTo(400);
        assertThat(anonymous.body()).contains("\"reason\":\"missing-delivery-id\"");
        assertThat(metrics.refusedCount(Refusal.EVENT_TIME_SKEW)).isEqualTo(1.0);
        assertThat(metrics.refusedCount(Refusal.MISSING_DELIVERY_ID)).isEqualTo(1.0);
    }

    @Test
    void aSignedWebhookWithoutAnEventTimeIsRefusedSoItsBodyCannotBeReplayedUnderANewDeliveryId() throws Exception {
        IntakeMetrics metrics = new IntakeMetrics(registry);
        DeployEventController controller = controller(IntakeCredentialsTest.config(SECRET), metrics,
                "127.0.0.1:" + closedPort());
        // The plain form's time is optional (a CDEvent always has its context timestamp).
        byte[] untimed = HttpIntakeIT.plain("untimed-1", "checkout").getBytes(StandardCharsets.UTF_8);
        for (String delivery : List.of("delivery-untimed-1", "delivery-untimed-2")) {
            HttpResponse<String> answer = controller.post(HttpRequest.POST("/intake/deploy-events", untimed)
                    .header(HttpHeaders.CONTENT_TYPE, "application/json")
                    .header("X-Hub-Signature-256", new WebhookSignature(SECRET).sign(untimed))
                    .header("X-GitHub-Delivery", delivery), untimed, null);
            assertThat(answer.code()).as(answer.body()).isEqualTo(400);
            assertThat(answer.body()).contains("\"reason\":\"event-time-skew\"", "must carry the event's time");
        }
        assertThat(metrics.refusedCount(Refusal.EVENT_TIME_SKEW)).isEqualTo(2.0);
    }

    private DeployEventController controller(HttpIntakeConfig config, IntakeMetrics metrics, String bootstrap) {
        Properties client = new Properties();
        client.put("bootstrap.servers", bootstrap);
        Duration timeout = Duration.ofSeconds(2);
        publisher = new DeployEventPublisher(new AcknowledgedWriter(client, "test", timeout), timeout);
        return new DeployEventController(config, new DeployEventIntake(new CloudEventsDeployEventDecoder(4096),
                new GatewayConfig(4096, List.of(Phase.HEALTH), List.of(Phase.HEALTH), Duration.ofDays(7),
                        Duration.ofHours(1))), publisher, metrics, RequestKeys.configured("test", List.of(), "X-Forwarded-For"));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
