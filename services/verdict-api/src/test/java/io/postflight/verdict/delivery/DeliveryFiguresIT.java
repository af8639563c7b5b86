package io.postflight.verdict.delivery;

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
import io.postflight.contracts.Json;
import io.postflight.testing.KafkaTestBroker;
import java.net.URI;
import java.net.URLEncoder;
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
 * Delivery figures on a real broker and a real HTTP server: a scripted week of deployments written
 * to the topics as the services write them is served by {@code GET /delivery} exactly as worked out
 * by hand ({@link DeliveryFiguresTest}), exported as {@code postflight_delivery_*} gauges, and
 * served the same after a restart that lost the instance's local state (rebuilt from the topics).
 */
class DeliveryFiguresIT {
    private static final Duration WITHIN = Duration.ofSeconds(180);
    private static final String SECRET = randomSecret();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Instant T0 = Instant.now().minus(Duration.ofDays(8)).truncatedTo(ChronoUnit.SECONDS);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aScriptedWeekIsCountedRightServedAsGaugesAndSurvivesARestart() throws Exception {
        String env = "prod-" + RUN;
        DeliveryScript week = DeliveryScript.aWeek(T0, "shop-" + RUN, "cart-" + RUN, env);
        Instant to = T0.plus(Duration.ofDays(7));
        // Through text, as served: numbers then compare by their JSON form (600 is an int either way).
        JsonNode expected = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(
                DeliveryFigures.of(week.histories(), T0, to, null, env)));
        String query = "/delivery?environment=" + env + "&from=" + T0 + "&to=" + to;
        String appId = "delivery-it-" + RUN;
        try (ApplicationContext api = start(appId)) {
            URI base = base(api);
            write(week);
            JsonNode served = awaitJson(base, query, expected::equals);
            assertThat(served.at("/total/deployments").asInt()).isEqualTo(9);
            assertThat(served.at("/slots/1/changeFailureRate").asDouble()).isEqualTo(2 / 6.0);

            // The gauges cover the default window (30 days, ending now), so d0 of the day before counts too.
            String shop = "environment=\"" + env + "\",service=\"shop-" + RUN + "\"";
            await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                String metrics = get(base, "/prometheus", null).body();
                assertThat(metrics).contains("postflight_delivery_deployments{" + shop + "} 9.0");
                assertThat(metrics).contains("postflight_delivery_change_failures{" + shop + "} 2.0");
                assertThat(metrics).contains("postflight_delivery_restore_median_seconds{" + shop + "} 300.0");
            });

            HttpResponse<String> anonymous = get(base, query, null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            for (String path : List.of("/delivery/", "/delivery/?x=1", "/rollbacks/")) {
                assertThat(get(base, path, null).statusCode()).as(path).isEqualTo(401);
            }
            // A window past the kept history is cut to it (30 days up to now), and says so.
            JsonNode cut = Json.MAPPER.readTree(get(base, "/delivery?environment=" + env
                    + "&from=2020-01-01T00:00:00Z&to=2999-01-01T00:00:00Z", reader()).body());
            assertThat(Instant.parse(cut.path("from").asText())).isAfter(Instant.now().minus(Duration.ofDays(31)));
            assertThat(Instant.parse(cut.path("to").asText())).isBefore(Instant.now().plusSeconds(1));
            assertThat(cut.at("/total/deployments").asInt()).as("d0 to d8 of both slots").isEqualTo(10);
            assertThat(get(base, "/delivery?from=-1000000000-01-01T00:00:00Z", reader()).statusCode())
                    .as("the earliest instant there is, cut to the kept history").isEqualTo(200);
            for (String extreme : List.of("from=+1000000000-01-01T00:00:00Z", "to=-1000000000-01-01T00:00:00Z",
                    "from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z")) {
                HttpResponse<String> refused = get(base, "/delivery?" + extreme, reader());
                assertThat(refused.statusCode()).as(extreme).isEqualTo(400);
                assertThat(refused.body()).contains("invalid-query");
            }
            HttpResponse<String> backwards = get(base, "/delivery?from=" + to + "&to=" + T0, reader());
            assertThat(backwards.statusCode()).isEqualTo(400);
            assertThat(backwards.body()).contains("invalid-query").contains("from must be before to");
            HttpResponse<String> malformed = get(base, "/delivery?from=yesterday", reader());
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(malformed.body()).contains("ISO-8601");
        }
        // Same service, its local state lost (a new disk): the figures come back from the topics.
        try (ApplicationContext again = start(appId)) {
            JsonNode served = awaitJson(base(again), query, expected::equals);
            assertThat(served).isEqualTo(expected);
        }
    }

    private static ApplicationContext start(String appId) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("postflight.kafka.bootstrap-servers", KafkaTestBroker.bootstrapServers());
        props.put("postflight.state-dir", Files.createTempDirectory("delivery-it").toString());
        props.put("postflight.streams.verdict-api.application-id", appId);
        props.put("postflight.verdict-api.delivery.refresh", "1s");
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

    private static URI base(ApplicationContext api) {
        return URI.create("http://127.0.0.1:" + api.getBean(EmbeddedServer.class).getPort());
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

    private JsonNode awaitJson(URI base, String path, java.util.function.Predicate<JsonNode> done) throws Exception {
        String token = reader();
        JsonNode[] last = new JsonNode[1];
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .conditionEvaluationListener(c -> {
                    if (c.getRemainingTimeInMS() <= 500) {
                        System.err.println("last served " + path + ": " + last[0]);
                    }
                }).until(() -> {
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
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path.replace("+", URLEncoder.encode("+",
                StandardCharsets.UTF_8)))).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String reader() throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("board")
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
