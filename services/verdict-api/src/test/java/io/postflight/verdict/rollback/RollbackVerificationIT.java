package io.postflight.verdict.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Json;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.verdict.delivery.DeliveryScript;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Rollback verification on a real broker and a real HTTP server: a ROLLBACK that the CD system never
 * carries out is reported overdue (the gauge the critical alert reads, the detected counter, and
 * {@code GET /rollbacks}); one whose rolled-back-to version is announced and promoted is complete;
 * one decided a moment ago is waiting, not overdue; and the overdue one leaves the gauge once its
 * rollback arrives and passes.
 */
class RollbackVerificationIT {
    private static final Duration WITHIN = Duration.ofSeconds(180);
    private static final String SECRET = randomSecret();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Instant T0 = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRollbackNeverCarriedOutIsOverdueUntilItsVersionIsBackAndHealthy() throws Exception {
        String shop = "shop-" + RUN;
        DeploymentRef stuck = DeliveryScript.ref("stuck-" + RUN, shop, "prod", "1.3.0", "1.2.0");
        DeploymentRef stuckBack = DeliveryScript.ref("stuck-back-" + RUN, shop, "prod", "1.2.0", "1.3.0");
        DeploymentRef done = DeliveryScript.ref("done-" + RUN, "cart-" + RUN, "prod", "2.1.0", "2.0.0");
        DeploymentRef doneBack = DeliveryScript.ref("done-back-" + RUN, "cart-" + RUN, "prod", "2.0.0", "2.1.0");
        DeploymentRef fresh = DeliveryScript.ref("fresh-" + RUN, "search-" + RUN, "prod", "3.1.0", "3.0.0");
        DeliveryScript s = new DeliveryScript(T0)
                .deployed(stuck, Duration.ZERO).decided(stuck, DecisionKind.ROLLBACK, false, Duration.ofMinutes(5))
                .deployed(done, Duration.ZERO).decided(done, DecisionKind.ROLLBACK, false, Duration.ofMinutes(5))
                .rollbackAnnounced(doneBack, Duration.ofMinutes(6))
                .decided(doneBack, DecisionKind.PROMOTE, false, Duration.ofMinutes(9))
                .deployed(fresh, Duration.ofMinutes(55)).decided(fresh, DecisionKind.ROLLBACK, false, Duration.ofMinutes(58));
        try (ApplicationContext api = start()) {
            URI base = URI.create("http://127.0.0.1:" + api.getBean(EmbeddedServer.class).getPort());
            write(s);
            String token = reader();
            JsonNode stuckNow = awaitJson(base, "/rollbacks?service=" + shop, token, b -> b.size() == 1);
            assertThat(stuckNow.get(0).path("state").asText()).isEqualTo("WAITING");
            assertThat(stuckNow.get(0).path("overdue").asBoolean()).isTrue();
            assertThat(stuckNow.get(0).path("summary").asText()).contains("expected 1.2.0 back, past the deadline of 20 min");
            JsonNode cart = awaitJson(base, "/rollbacks?service=cart-" + RUN, token, b -> b.size() == 1);
            assertThat(cart.get(0).path("state").asText()).isEqualTo("COMPLETED");
            assertThat(cart.get(0).path("onTarget").asBoolean()).isTrue();
            JsonNode search = awaitJson(base, "/rollbacks?service=search-" + RUN, token, b -> b.size() == 1);
            assertThat(search.get(0).path("state").asText()).isEqualTo("WAITING");
            assertThat(search.get(0).path("overdue").asBoolean()).as("decided 2 minutes ago").isFalse();

            String row = "postflight_rollback_incomplete_seconds{deployment_id=\"" + stuck.deploymentId()
                    + "\",environment=\"prod\",service=\"" + shop + "\",version=\"1.3.0\"}";
            await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                String metrics = get(base, "/prometheus", null).body();
                assertThat(metrics).contains(row);
                assertThat(metrics).doesNotContain("deployment_id=\"" + done.deploymentId() + "\"")
                        .doesNotContain("deployment_id=\"" + fresh.deploymentId() + "\"");
                assertThat(metrics).containsPattern("postflight_rollbacks_incomplete_detected_total(\\{[^}]*})? [1-9]");
            });
            assertThat(get(base, "/rollbacks?state=sideways", token).statusCode()).isEqualTo(400);
            assertThat(get(base, "/rollbacks?overdue=banana", token).statusCode()).isEqualTo(400);
            assertThat(get(base, "/rollbacks", null).statusCode()).isEqualTo(401);

            // The CD system finally rolls back, and the old version passes its own verification.
            Duration now = Duration.between(T0, Instant.now()).truncatedTo(ChronoUnit.SECONDS);
            DeliveryScript late = new DeliveryScript(T0).rollbackAnnounced(stuckBack, now.minusSeconds(30))
                    .decided(stuckBack, DecisionKind.PROMOTE, false, now.minusSeconds(5));
            write(late);
            JsonNode restored = awaitJson(base, "/rollbacks?service=" + shop + "&state=COMPLETED", token,
                    b -> b.size() == 1);
            assertThat(restored.get(0).path("by").asText()).isEqualTo(stuckBack.deploymentId());
            await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(get(base, "/prometheus", null).body()).doesNotContain(row));
        }
    }

    private static ApplicationContext start() throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("postflight.kafka.bootstrap-servers", KafkaTestBroker.bootstrapServers());
        props.put("postflight.state-dir", Files.createTempDirectory("rollback-it").toString());
        props.put("postflight.streams.verdict-api.application-id", "rollback-it-" + RUN);
        props.put("postflight.verdict-api.rollback.check-every", "1s");
        props.put("postflight.verdict-api.rollback.environments[0]", "prod");
        props.put("micronaut.server.port", -1);
        props.put("micronaut.security.token.jwt.signatures.secret.api.secret", SECRET);
        ApplicationContext api = ApplicationContext.builder("verdict-api").properties(props).deduceEnvironment(false)
                .start();
        EmbeddedServer server = api.getBean(EmbeddedServer.class);
        if (!server.isRunning()) {
            server.start();
        }
        return api;
    }

    private static void write(DeliveryScript script) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", KafkaTestBroker.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (DeliveryScript.Step s : script.steps()) {
                producer.send(new ProducerRecord<>(s.topic().name(), s.key(), Json.MAPPER.writeValueAsBytes(s.record())))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    private JsonNode awaitJson(URI base, String path, String token, java.util.function.Predicate<JsonNode> done) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            HttpResponse<String> r = get(base, path, token);
            if (r.statusCode() != 200) {
                return false;
            }
            last[0] = Json.MAPPER.readTree(r.body());
            return done.test(last[0]);
        });
        return last[0];
    }

    private HttpResponse<String> get(URI base, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String reader() throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("oncall")
                .claim("roles", List.of("viewer")).issueTime(Date.from(now.minusSeconds(60)))
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
