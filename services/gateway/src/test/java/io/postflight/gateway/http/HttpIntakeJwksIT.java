package io.postflight.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.postflight.contracts.Json;
import io.postflight.contracts.Topics;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.testing.TopicReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens validated against an identity provider's JWKS (a real HTTP server on loopback
 * serving the public half of a key made here), with the roles in a claim of the operator's choice
 * ({@code groups}), and no webhook secret: signed webhooks are then refused.
 */
class HttpIntakeJwksIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static HttpServer idp;
    private static RSAKey key;
    private static ApplicationContext gateway;
    private static URI intake;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        idp.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        idp.start();
        Map<String, Object> props = new HashMap<>();
        props.put("postflight.kafka.bootstrap-servers", KafkaTestBroker.bootstrapServers());
        props.put("postflight.state-dir", Files.createTempDirectory("http-intake-jwks-it").toString());
        props.put("postflight.streams.gateway.application-id", "http-intake-jwks-it-" + RUN);
        props.put("micronaut.server.port", -1);
        props.put("postflight.gateway.http-intake.enabled", true);
        props.put("micronaut.security.token.jwt.signatures.jwks.idp.url",
                "http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks");
        props.put("micronaut.security.token.roles-name", "groups");
        gateway = ApplicationContext.builder("gateway").properties(props).deduceEnvironment(false).start();
        EmbeddedServer server = gateway.getBean(EmbeddedServer.class);
        if (!server.isRunning()) {
            server.start();
        }
        intake = URI.create("http://127.0.0.1:" + server.getPort() + HttpIntakeConfig.PATH);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (idp != null) {
            idp.stop(0);
        }
    }

    @Test
    void aTokenFromTheIdentityProviderWithTheDeployerGroupStartsAVerification() throws Exception {
        String id = "jwks-" + RUN;
        HttpResponse<String> answer = post("Bearer " + token(key, "groups", List.of("deployer")),
                HttpIntakeIT.plain(id, "shop-j-" + RUN));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        try (TopicReader reader = new TopicReader(KafkaTestBroker.bootstrapServers(), Topics.VERIFICATIONS.name())) {
            assertThat(reader.until(rs -> rs.stream().anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8)
                    .contains("\"deploymentId\":\"" + id + "\"")), Duration.ofSeconds(120))).isNotEmpty();
        }
    }

    @Test
    void rolesAreReadFromTheConfiguredClaimOnly() throws Exception {
        HttpResponse<String> answer = post("Bearer " + token(key, "roles", List.of("deployer")),
                HttpIntakeIT.plain("jwks-roles-" + RUN, "shop-j-" + RUN));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
        assertThat(Json.MAPPER.readTree(answer.body()).path("reason").asText()).isEqualTo("missing-role");
    }

    @Test
    void aTokenSignedWithAnotherKeyUnderTheSameKeyIdIsRefused() throws Exception {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        HttpResponse<String> answer = post("Bearer " + token(impostor, "groups", List.of("deployer")),
                HttpIntakeIT.plain("jwks-forged-" + RUN, "shop-j-" + RUN));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
        assertThat(Json.MAPPER.readTree(answer.body()).path("reason").asText()).isEqualTo("invalid-token");
    }

    @Test
    void withoutAWebhookSecretASignedWebhookIsRefused() throws Exception {
        String body = HttpIntakeIT.plain("jwks-webhook-" + RUN, "shop-j-" + RUN);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(intake)
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", new WebhookSignature(HttpIntakeIT.randomSecret())
                        .sign(body.getBytes(StandardCharsets.UTF_8)))
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
        assertThat(gateway.getBean(MeterRegistry.class).find("postflight.intake.http.refused")
                .tag("reason", "bad-signature").counter().count()).isEqualTo(1.0);
    }

    private HttpResponse<String> post(String authorization, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(intake).header("Content-Type", "application/json")
                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String token(RSAKey signingKey, String rolesClaim, List<String> roles) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject("argocd").claim(rolesClaim, roles)
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).build());
        jwt.sign(new RSASSASigner(signingKey));
        return jwt.serialize();
    }
}
