package io.postflight.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.postflight.contracts.Json;
import io.postflight.testing.KafkaTestBroker;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The verdict API's management endpoints on a real broker and real HTTP: with
 * {@code endpoints.all.port} they answer there without a token and the API's port does not serve
 * them; with {@code endpoints.prometheus.sensitive=true} and
 * {@code endpoints.health.details-visible=AUTHENTICATED} an anonymous scrape is refused and health
 * shows its status only (what kubelet probes read), the details to a valid token; the details
 * never carry the service's secrets. The OpenAPI document is served without a token.
 */
class ManagementEndpointsIT {
    private static final Duration WITHIN = Duration.ofSeconds(120);
    private static final String SECRET = randomSecret();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void onAManagementPortHealthAndMetricsAnswerWithoutATokenAndNotOnTheApiPort() throws Exception {
        int managementPort = freePort();
        try (ApplicationContext api = start(Map.of("endpoints.all.port", managementPort))) {
            URI apiPort = URI.create("http://127.0.0.1:" + api.getBean(EmbeddedServer.class).getPort());
            URI management = URI.create("http://127.0.0.1:" + managementPort);
            HttpResponse<String> health = await().atMost(WITHIN).until(() -> get(management, "/health", null),
                    r -> r.statusCode() == 200);
            assertThat(Json.MAPPER.readTree(health.body()).path("status").asText()).isEqualTo("UP");
            assertThat(Json.MAPPER.readTree(health.body()).has("details")).as("details need a token by default: "
                    + health.body()).isFalse();
            assertThat(health.body()).doesNotContain(SECRET);
            HttpResponse<String> metrics = get(management, "/prometheus", null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("# TYPE");
            for (String path : List.of("/health", "/health/readiness", "/prometheus")) {
                HttpResponse<String> onApi = get(apiPort, path, reader());
                assertThat(onApi.statusCode()).as(path + " on the API's port: " + onApi.body()).isIn(401, 403, 404);
                assertThat(onApi.body()).doesNotContain("\"UP\"").doesNotContain("# TYPE");
            }
            HttpResponse<String> document = get(apiPort, "/openapi/postflight-verdict-api.yml", null);
            assertThat(document.statusCode()).as(document.body()).isEqualTo(200);
            assertThat(document.body()).contains("openapi:").contains("/deployments/{id}");
        }
    }

    @Test
    void requiringAuthenticationRefusesAnAnonymousScrapeAndHidesHealthDetails() throws Exception {
        try (ApplicationContext api = start(Map.of("endpoints.prometheus.sensitive", true,
                "endpoints.health.details-visible", "AUTHENTICATED"))) {
            URI base = URI.create("http://127.0.0.1:" + api.getBean(EmbeddedServer.class).getPort());
            HttpResponse<String> anonymous = await().atMost(WITHIN).until(() -> get(base, "/health", null),
                    r -> r.statusCode() == 200);
            assertThat(Json.MAPPER.readTree(anonymous.body()).has("details")).as(anonymous.body()).isFalse();
            assertThat(get(base, "/health/readiness", null).statusCode()).isEqualTo(200); // kubelet's probe
            HttpResponse<String> authenticated = get(base, "/health", reader());
            assertThat(authenticated.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(authenticated.body()).has("details")).as(authenticated.body()).isTrue();
            assertThat(authenticated.body()).doesNotContain(SECRET);
            assertThat(get(base, "/prometheus", null).statusCode()).isEqualTo(401);
            assertThat(get(base, "/prometheus", "not-a-token").statusCode()).isEqualTo(401);
            HttpResponse<String> scrape = get(base, "/prometheus", reader());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("# TYPE");
        }
    }

    static ApplicationContext start(Map<String, Object> extra) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> props = new HashMap<>(extra);
        props.put("postflight.kafka.bootstrap-servers", KafkaTestBroker.bootstrapServers());
        props.put("postflight.state-dir", Files.createTempDirectory("verdict-api-management-it").toString());
        props.put("postflight.streams.verdict-api.application-id", "verdict-api-management-it-" + run);
        props.put("micronaut.server.port", -1);
        props.put("micronaut.security.token.jwt.signatures.secret.api.secret", SECRET);
        ApplicationContext api = ApplicationContext.builder("verdict-api").properties(props)
                .deduceEnvironment(false).start();
        EmbeddedServer server = api.getBean(EmbeddedServer.class);
        if (!server.isRunning()) {
            server.start();
        }
        return api;
    }

    private HttpResponse<String> get(URI base, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String reader() throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject("prometheus").claim("roles", List.of("viewer")).issueTime(Date.from(now.minusSeconds(60)))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10)))).build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
