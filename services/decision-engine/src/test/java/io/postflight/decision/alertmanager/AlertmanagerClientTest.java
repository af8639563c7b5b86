package io.postflight.decision.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postflight.resilience.CallFailedException;
import io.postflight.testing.ScriptedHttpServer;
import io.postflight.testing.ScriptedHttpServer.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP side against a scripted server on loopback: what is retried, what is not. */
class AlertmanagerClientTest {
    private final ScriptedHttpServer server;
    private final AlertmanagerClient client;

    AlertmanagerClientTest() throws Exception {
        server = new ScriptedHttpServer();
        // A path prefix, as behind a reverse proxy, and a trailing slash: both kept, no double slash.
        // A generous attempt timeout: on a loaded machine a first request can take long, and only
        // aSlowAlertmanagerTimesOut is about timing out.
        client = new AlertmanagerClient(config(Duration.ofSeconds(10)), null);
    }

    private AlertmanagerConfig config(Duration timeout) {
        return new AlertmanagerConfig(true, server.uri("/am/").toString(), timeout, 3, Duration.ofMillis(20),
                Duration.ofSeconds(1), Duration.ofHours(1), Map.of(), "docs/runbooks/", null);
    }

    /**
     * The first exchange of the JVM loads much of Micronaut's HTTP client: on a busy machine longer
     * than a short attempt timeout (aSlowAlertmanagerTimesOut's 500 ms), which would make the test
     * about class loading instead of a slow server.
     */
    @BeforeAll
    static void warmUpHttpClient() throws Exception {
        try (ScriptedHttpServer warmUp = new ScriptedHttpServer();
             AlertmanagerClient client = new AlertmanagerClient(new AlertmanagerConfig(true, warmUp.uri("/").toString(),
                     Duration.ofSeconds(30), 1, Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofHours(1),
                     Map.of(), "docs/runbooks/", null), null)) {
            client.post("[]".getBytes(StandardCharsets.UTF_8));
        }
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void postsTheBodyToApiV2AlertsOnce() throws Exception {
        server.otherwise(Reply.ok(""));

        client.post("[{\"labels\":{\"alertname\":\"x\"}}]".getBytes(StandardCharsets.UTF_8));

        assertThat(server.hits()).isEqualTo(1);
        assertThat(server.requests()).extracting(Object::toString).containsExactly("/am/api/v2/alerts");
        assertThat(server.bodies()).containsExactly("[{\"labels\":{\"alertname\":\"x\"}}]");
    }

    @Test
    void anOutageIsRetriedWithinTheBudgetThenFails() {
        server.otherwise(Reply.status(503));

        assertThatThrownBy(() -> client.post("[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(CallFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(CallFailedException.Reason.FAILED);
                    assertThat(e.attempts()).isEqualTo(3);
                })
                .hasMessageContaining("HTTP 503");
        assertThat(server.hits()).isEqualTo(3);
    }

    @Test
    void aTransientErrorFollowedBySuccessSucceeds() throws Exception {
        server.enqueue(Reply.status(502)).otherwise(Reply.ok(""));

        client.post("[]".getBytes(StandardCharsets.UTF_8));

        assertThat(server.hits()).isEqualTo(2);
    }

    @Test
    void aSlowAlertmanagerTimesOut() {
        server.otherwise(Reply.slow(5_000, ""));

        try (AlertmanagerClient impatient = new AlertmanagerClient(config(Duration.ofMillis(500)), null)) {
            assertThatThrownBy(() -> impatient.post("[]".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(CallFailedException.class,
                            e -> assertThat(e.reason()).isEqualTo(CallFailedException.Reason.TIMED_OUT));
        }
    }

    @Test
    void aRejectedAlertIsPermanentAndNotRetried() {
        server.otherwise(new Reply(400, "{\"code\":400,\"message\":\"start time must be before end time\"}", 0));

        assertThatThrownBy(() -> client.post("[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(CallFailedException.class,
                        e -> assertThat(e.reason()).isEqualTo(CallFailedException.Reason.PERMANENT))
                .hasMessageContaining("start time must be before end time");
        assertThat(server.hits()).isEqualTo(1);
    }

    @Test
    void aWrongPathOrMissingCredentialsIsAnOutageNotARejection() {
        server.otherwise(Reply.status(404));

        assertThatThrownBy(() -> client.post("[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(CallFailedException.class,
                        e -> assertThat(e.reason()).isEqualTo(CallFailedException.Reason.FAILED));
        assertThat(server.hits()).isEqualTo(3);
    }
}
