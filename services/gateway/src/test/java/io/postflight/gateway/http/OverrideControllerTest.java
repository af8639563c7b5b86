package io.postflight.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.env.DefaultEnvironment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.security.authentication.Authentication;
import io.postflight.httpkit.RequestKeys;
import io.postflight.contracts.AuditOutcome;
import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.Json;
import io.postflight.contracts.OverrideAction;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Topics;
import io.postflight.kafka.AcknowledgedWriter;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.TopicFollower;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The override controller called without its HTTP server, against a broker that cannot be reached
 * (a real producer on a loopback port nothing listens on): whatever it answers other than 503 was
 * answered without writing. An id names one override; bad bodies are told what is wrong in the
 * caller's terms, never in Jackson's; reasons and subjects that could forge a line are refused.
 */
class OverrideControllerTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final String SECRET = HttpIntakeIT.randomSecret();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private AuditWaiters waiters;
    private OverrideSubmitter submitter;
    private OverrideController controller;

    @BeforeEach
    void setUp() throws Exception {
        Properties client = new Properties();
        client.put("bootstrap.servers", "127.0.0.1:" + closedPort());
        Duration timeout = Duration.ofSeconds(2);
        waiters = new AuditWaiters(100);
        submitter = new OverrideSubmitter(new AcknowledgedWriter(client, "test", timeout), waiters,
                new TopicFollower(client, "test-audit", Topics.AUDIT, waiters::accept), Duration.ofSeconds(1),
                Executors.newVirtualThreadPerTaskExecutor());
        OverridesConfig config = new OverridesConfig(true, List.of("operator", "admin"), 1000, 1000, 100, 16384,
                timeout, Duration.ofSeconds(1), Duration.ofSeconds(10));
        DefaultEnvironment environment = new DefaultEnvironment(() -> List.of("test"));
        environment.addPropertySource(PropertySource.of("test", Map.of("micronaut.security.enabled", true,
                "micronaut.security.token.jwt.signatures.secret.operators.secret", SECRET)));
        controller = new OverrideController(config, submitter, new DeploymentSlots(), new IntakeMetrics(registry),
                RequestKeys.configured("test", List.of(), "X-Forwarded-For"), new OverridesGuard(environment.start()));
    }

    @AfterEach
    void tearDown() {
        submitter.close();
    }

    @Test
    void aKnownIdWithAnotherBodyIsRefusedAndItsRepeatAnsweredWithTheFirstOutcomeWithoutWriting() throws Exception {
        OverrideCommand first = new OverrideCommand(null, "ov-1", "d-1", "shop/prod", OverrideAction.ABORT, null, null,
                null, "wrong target", "alice", T0).checked();
        waiters.accept("shop/prod", JsonSerde.toBytes(new AuditRecord(null, first, null, AuditOutcome.APPLIED, null,
                null, null, null, T0, null)));

        HttpResponse<String> other = post("d-1", "alice", "{\"action\":\"PROMOTE\",\"reason\":\"wrong target\","
                + "\"overrideId\":\"ov-1\",\"service\":\"shop\",\"environment\":\"prod\"}");
        HttpResponse<String> otherSubject = post("d-1", "mallory", "{\"action\":\"ABORT\",\"reason\":\"wrong target\","
                + "\"overrideId\":\"ov-1\",\"service\":\"shop\",\"environment\":\"prod\"}");
        HttpResponse<String> repeat = post("d-1", "alice", "{\"action\":\"ABORT\",\"reason\":\"wrong target\","
                + "\"overrideId\":\"ov-1\",\"service\":\"shop\",\"environment\":\"prod\"}");

        assertThat(other.code()).as(other.body()).isEqualTo(409);
        assertThat(detail(other)).isEqualTo("overrideId 'ov-1' already names another override (ABORT of d-1 by"
                + " alice); an id names one override: post this one under a new overrideId");
        assertThat(otherSubject.code()).as(otherSubject.body()).isEqualTo(409);
        assertThat(repeat.code()).as(repeat.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(repeat.body()).path("status").asText()).isEqualTo("applied");
    }

    @Test
    void aMalformedBodyIsToldWhatIsWrongInTheCallersTermsAndNothingInternal() throws Exception {
        Map<String, String> bodies = Map.of(
                "{\"action\":\"FOO\",\"reason\":\"r\"}",
                "action: one of PROMOTE, ROLLBACK, RELEASE_HOLD, EXTEND, ABORT, not 'FOO'",
                "{\"action\":\"EXTEND\",\"phase\":\"BASELINE\",\"extendBy\":\"soon\",\"reason\":\"r\"}",
                "extendBy: an ISO-8601 duration such as PT30M, not 'soon'",
                "{\"action\":", "the body is not valid JSON (line 1, column 11)",
                "{\"action\" \"ABORT\"}", "the body is not valid JSON (line 1, column 11)",
                "[1, 2]", "the body must be a JSON object",
                "{\"action\":\"ABORT\",\"reason\":{\"text\":\"r\"}}", "reason: a string");
        for (Map.Entry<String, String> b : bodies.entrySet()) {
            HttpResponse<String> refused = post("d-1", "alice", b.getKey());
            assertThat(refused.code()).as(b.getKey()).isEqualTo(400);
            if (b.getValue().startsWith("the body is not valid JSON")) {
                assertThat(detail(refused)).as(b.getKey()).matches("the body is not valid JSON \\(line 1, column \\d+\\)");
            } else {
                assertThat(detail(refused)).as(b.getKey()).isEqualTo(b.getValue());
            }
            assertThat(refused.body()).as(b.getKey()).doesNotContain("java.", "io.postflight", "Cannot deserialize",
                    "`", "Source:", "jackson");
        }
    }

    @Test
    void aReasonOrPathThatCouldForgeALineAndAnUnboundedSubjectAreRefused() throws Exception {
        HttpResponse<String> newline = post("d-1", "alice", "{\"action\":\"ABORT\",\"reason\":\"ok\\n2026-11-22"
                + " override by root APPLIED\",\"service\":\"shop\",\"environment\":\"prod\"}");
        HttpResponse<String> path = post("d-1\r\nINFO forged", "alice", "{\"action\":\"ABORT\",\"reason\":\"ok\","
                + "\"service\":\"shop\",\"environment\":\"prod\"}");
        HttpResponse<String> subject = post("d-1", "a".repeat(300), "{\"action\":\"ABORT\",\"reason\":\"ok\","
                + "\"service\":\"shop\",\"environment\":\"prod\"}");
        HttpResponse<String> id = post("d-1", "alice", "{\"action\":\"ABORT\",\"reason\":\"ok\",\"overrideId\":"
                + "\"a\\u0000b\",\"service\":\"shop\",\"environment\":\"prod\"}");

        assertThat(newline.code()).isEqualTo(400);
        assertThat(detail(newline)).isEqualTo("reason: contains the unprintable character U+000A at index 2");
        assertThat(path.code()).isEqualTo(400);
        assertThat(detail(path)).startsWith("deployment id (the path) contains the unprintable character U+000D");
        assertThat(subject.code()).isEqualTo(400);
        assertThat(detail(subject)).isEqualTo("your token's subject is not usable as the audit record's who (who: is"
                + " 300 characters long, above 256)");
        assertThat(id.code()).isEqualTo(400);
        assertThat(detail(id)).startsWith("overrideId: contains the unprintable character U+0000");
    }

    private HttpResponse<String> post(String id, String subject, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest<?> request = HttpRequest.POST("/deployments/x/overrides", bytes)
                .header(HttpHeaders.CONTENT_TYPE, "application/json")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token(subject));
        return controller.post(id, request, bytes, Authentication.build(subject, List.of("operator"))).get();
    }

    private static String detail(HttpResponse<String> response) throws Exception {
        JsonNode problem = Json.MAPPER.readTree(response.body());
        return problem.path("detail").asText();
    }

    private static String token(String subject) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(subject)
                .claim("roles", List.of("operator")).build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
