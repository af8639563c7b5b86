package io.postflight.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.postflight.contracts.Phase;
import io.postflight.contracts.intake.CloudEventsDeployEventDecoder;
import io.postflight.gateway.DeployEventIntake;
import io.postflight.gateway.GatewayConfig;
import io.postflight.kafka.AcknowledgedWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A broker that cannot be reached: the intake answers 503 with Retry-After, never a 2xx, and the
 * webhook's delivery id is not spent (the sender's retry is not a replay). A real producer against
 * a loopback port nothing listens on; the controller called without its HTTP server.
 */
class DeployEventControllerTest {
    private static final String SECRET = "a-webhook-secret-of-some-length";
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private DeployEventPublisher publisher;

    @AfterEach
    void close() {
        if (publisher != null) {
            publisher.close();
        }
    }

    @Test
    void anUnreachableBrokerAnswers503WithRetryAfterAndLeavesTheDeliveryUnspent() throws Exception {
        Properties client = new Properties();
        client.put("bootstrap.servers", "127.0.0.1:" + closedPort());
        Duration timeout = Duration.ofSeconds(2);
        publisher = new DeployEventPublisher(new AcknowledgedWriter(client, "test", timeout), timeout);
        IntakeMetrics metrics = new IntakeMetrics(registry);
        DeployEventController controller = new DeployEventController(IntakeCredentialsTest.config(SECRET),
                new DeployEventIntake(new CloudEventsDeployEventDecoder(4096), new GatewayConfig(4096,
                        List.of(Phase.HEALTH), List.of(Phase.HEALTH), Duration.ofDays(7), Duration.ofHours(1))),
                publisher, metrics, request -> "127.0.0.1");
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

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
