package io.postflight.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.postflight.contracts.Json;
import io.postflight.contracts.Topics;
import io.postflight.httpkit.Problem;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.testing.TopicReader;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's HTTP intake on a real broker and a real HTTP server: deploy events posted in each
 * form start verifications (read back from the verifications topic), and each kind of bad request
 * is refused with its status and counted by reason. Keys and secrets are made here, per run.
 */
class HttpIntakeIT {
    private static final Duration STARTS_WITHIN = Duration.ofSeconds(120);
    private static final String CDEVENT = "dev.cdevents.service.deployed.0.3.0";

    private static final String JWT_SECRET = randomSecret();
    private static final String WEBHOOK_SECRET = randomSecret();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static ApplicationContext gateway;
    private static String kafka;
    private static URI intake;
    private static URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaTestBroker.bootstrapServers();
        Map<String, Object> props = new HashMap<>();
        props.put("postflight.kafka.bootstrap-servers", kafka);
        props.put("postflight.state-dir", Files.createTempDirectory("http-intake-it").toString());
        props.put("postflight.streams.gateway.application-id", "http-intake-it-" + RUN);
        props.put("micronaut.server.port", -1);
        props.put("postflight.gateway.http-intake.enabled", true);
        props.put("postflight.gateway.http-intake.webhook-secret", WEBHOOK_SECRET);
        props.put("postflight.gateway.http-intake.max-request-bytes", 64 * 1024);
        // Bodies above the server's own limit never reach the controller: still a counted 413.
        props.put("micronaut.server.max-request-size", 128 * 1024);
        props.put("micronaut.security.token.jwt.signatures.secret.intake.secret", JWT_SECRET);
        gateway = ApplicationContext.builder("gateway").properties(props).deduceEnvironment(false).start();
        EmbeddedServer server = gateway.getBean(EmbeddedServer.class);
        if (!server.isRunning()) {
            server.start();
        }
        base = URI.create("http://127.0.0.1:" + server.getPort());
        intake = base.resolve(HttpIntakeConfig.PATH);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aStructuredCloudEventWithADeployerTokenStartsAVerification() throws Exception {
        String id = "structured-" + RUN;
        HttpResponse<String> answer = post(HttpRequest.newBuilder(intake)
                .header("Content-Type", "application/cloudevents+json")
                .header("Authorization", "Bearer " + token("ci", List.of("deployer"), Duration.ofMinutes(5))),
                structured(id, "shop-s-" + RUN).toString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonNode body = Json.MAPPER.readTree(answer.body());
        assertThat(body.path("deploymentId").asText()).isEqualTo(id);
        assertThat(body.path("slot").asText()).isEqualTo("shop-s-" + RUN + "/production");
        assertVerificationStarted(id, CDEVENT);
    }

    @Test
    void aBinaryModeCloudEventStartsAVerification() throws Exception {
        String id = "binary-" + RUN;
        HttpResponse<String> answer = post(HttpRequest.newBuilder(intake)
                .header("Content-Type", "application/json")
                .header("ce-specversion", "1.0").header("ce-id", "binary%2D" + RUN).header("ce-source", "/github/shop")
                .header("ce-type", "dev.cdevents.service.deployed.0.3.0")
                .header("Authorization", "Bearer " + token("ci", List.of("deployer"), Duration.ofMinutes(5))),
                cdevent(id, "shop-b-" + RUN).toString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        // The id travels percent-encoded (CloudEvents HTTP binding) and arrives decoded.
        assertThat(Json.MAPPER.readTree(answer.body()).path("deploymentId").asText()).isEqualTo(id);
        assertVerificationStarted(id, CDEVENT);
    }

    @Test
    void thePlainJsonFormStartsAVerification() throws Exception {
        String id = "plain-" + RUN;
        HttpResponse<String> answer = post(HttpRequest.newBuilder(intake).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token("jenkins", List.of("deployer"), Duration.ofMinutes(5))),
                plain(id, "shop-p-" + RUN));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(Json.MAPPER.readTree(answer.body()).path("deploymentId").asText()).isEqualTo(id);
        assertVerificationStarted(id, "postflight.deploy/1");
    }

    @Test
    void aBatchStartsOneVerificationPerEvent() throws Exception {
        ArrayNode batch = Json.MAPPER.createArrayNode();
        batch.add(structured("batch-0-" + RUN, "shop-b0-" + RUN)).add(structured("batch-1-" + RUN, "shop-b1-" + RUN));
        HttpResponse<String> answer = post(HttpRequest.newBuilder(intake)
                .header("Content-Type", "application/cloudevents-batch+json")
                .header("Authorization", "Bearer " + token("ci", List.of("deployer"), Duration.ofMinutes(5))),
                batch.toString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(Json.MAPPER.readTree(answer.body()).path("accepted")).hasSize(2);
        assertVerificationStarted("batch-0-" + RUN, CDEVENT);
        assertVerificationStarted("batch-1-" + RUN, CDEVENT);
    }

    @Test
    void aSignedWebhookStartsAVerificationOnceAndItsReplayIsRefused() throws Exception {
        String id = "webhook-" + RUN;
        String body = structured(id, "shop-w-" + RUN).toString();
        String delivery = UUID.randomUUID().toString();
        HttpRequest.Builder signed = HttpRequest.newBuilder(intake)
                .header("Content-Type", "application/cloudevents+json")
                .header("X-Hub-Signature-256", new WebhookSignature(WEBHOOK_SECRET)
                        .sign(body.getBytes(StandardCharsets.UTF_8)))
                .header("X-GitHub-Delivery", delivery);
        assertThat(post(signed, body).statusCode()).isEqualTo(202);
        assertVerificationStarted(id, CDEVENT);
        assertRefused(signed, body, 409, Refusal.REPLAYED_DELIVERY);
    }

    @Test
    void eachBadRequestIsRefusedWithItsStatusAndCounted() throws Exception {
        String body = structured("refused-" + RUN, "shop-r-" + RUN).toString();
        HttpRequest.Builder structured = HttpRequest.newBuilder(intake)
                .header("Content-Type", "application/cloudevents+json");
        assertRefused(HttpRequest.newBuilder(intake).header("Content-Type", "application/cloudevents+json"),
                body, 401, Refusal.NO_CREDENTIALS);
        assertRefused(HttpRequest.newBuilder(intake).header("Content-Type", "application/cloudevents+json")
                .header("Authorization", "Bearer " + signedWith(randomSecret(), "ci", List.of("deployer"),
                        Duration.ofMinutes(5))), body, 401, Refusal.INVALID_TOKEN);
        assertRefused(HttpRequest.newBuilder(intake).header("Content-Type", "application/cloudevents+json")
                .header("Authorization", "Bearer " + token("ci", List.of("deployer"), Duration.ofMinutes(-5))),
                body, 401, Refusal.EXPIRED_TOKEN);
        assertRefused(HttpRequest.newBuilder(intake).header("Content-Type", "application/cloudevents+json")
                .header("Authorization", "Bearer " + token("dashboard", List.of("viewer"), Duration.ofMinutes(5))),
                body, 403, Refusal.MISSING_ROLE);
        assertRefused(structured.copy().header("X-Hub-Signature-256", new WebhookSignature(randomSecret())
                .sign(body.getBytes(StandardCharsets.UTF_8))).header("X-GitHub-Delivery", "d-" + RUN),
                body, 401, Refusal.BAD_SIGNATURE);
        String deployer = "Bearer " + token("ci", List.of("deployer"), Duration.ofMinutes(5));
        assertRefused(HttpRequest.newBuilder(intake).header("Content-Type", "application/json")
                .header("Authorization", deployer), "{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}", 413,
                Refusal.OVERSIZED);
        assertRefused(HttpRequest.newBuilder(intake).header("Content-Type", "application/json")
                .header("Authorization", deployer), "{\"pad\":\"" + "x".repeat(200 * 1024) + "\"}", 413,
                Refusal.OVERSIZED);
        assertRefused(HttpRequest.newBuilder(intake).header("Content-Type", "text/plain")
                .header("Authorization", deployer), body, 415, Refusal.UNSUPPORTED_MEDIA_TYPE);
        HttpResponse<String> invalid = assertRefused(HttpRequest.newBuilder(intake)
                .header("Content-Type", "application/json").header("Authorization", deployer),
                "{\"schema\":\"postflight.deploy/1\",\"deploymentId\":\"x\"}", 400, Refusal.SCHEMA_INVALID);
        assertThat(invalid.body()).doesNotContain("Exception").doesNotContain("io.postflight");
    }

    @Test
    void healthAndMetricsNeedNoToken() throws Exception {
        assertThat(http.send(HttpRequest.newBuilder(base.resolve("/health/liveness")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> assertRefused(HttpRequest.Builder request, String body, int status, Refusal reason)
            throws Exception {
        IntakeMetrics metrics = gateway.getBean(IntakeMetrics.class);
        double before = metrics.refusedCount(reason);
        HttpResponse<String> answer = post(request, body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith(Problem.MEDIA_TYPE));
        assertThat(Json.MAPPER.readTree(answer.body()).path("reason").asText()).isEqualTo(reason.tag());
        assertThat(metrics.refusedCount(reason) - before).isEqualTo(1.0);
        return answer;
    }

    private HttpResponse<String> post(HttpRequest.Builder request, String body) throws Exception {
        return http.send(request.copy().POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode assertVerificationStarted(String deploymentId, String eventType) throws Exception {
        try (TopicReader reader = new TopicReader(kafka, Topics.VERIFICATIONS.name())) {
            List<ConsumerRecord<String, byte[]>> records = reader.until(rs -> rs.stream()
                    .anyMatch(r -> text(r).contains("\"deploymentId\":\"" + deploymentId + "\"")), STARTS_WITHIN);
            ConsumerRecord<String, byte[]> started = records.stream()
                    .filter(r -> text(r).contains("\"deploymentId\":\"" + deploymentId + "\"")).findFirst()
                    .orElseThrow();
            JsonNode v = Json.MAPPER.readTree(started.value());
            assertThat(v.path("deployment").path("deploymentId").asText()).isEqualTo(deploymentId);
            assertThat(v.path("deployEvent").path("type").asText()).isEqualTo(eventType);
            assertThat(started.key()).isEqualTo(v.path("deployment").path("service").asText() + "/production");
            assertThat(text(started)).doesNotContain("Bearer");
            return v;
        }
    }

    private static String text(ConsumerRecord<String, byte[]> r) {
        return r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
    }

    static ObjectNode cdevent(String id, String service) {
        ObjectNode cdevent = Json.MAPPER.createObjectNode();
        ObjectNode context = cdevent.putObject("context");
        context.put("specversion", "0.5.1");
        context.put("id", id);
        context.put("source", "/github/shop");
        context.put("type", "dev.cdevents.service.deployed.0.3.0");
        context.put("timestamp", Instant.now().toString());
        ObjectNode subject = cdevent.putObject("subject");
        subject.put("id", service + "/production");
        subject.put("source", "/github/shop");
        ObjectNode content = subject.putObject("content");
        content.putObject("environment").put("id", "production");
        content.put("artifactId", "pkg:oci/" + service + "@sha256%3A" + "0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427");
        return cdevent;
    }

    static ObjectNode structured(String id, String service) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", "/github/shop");
        event.put("type", "dev.cdevents.service.deployed.0.3.0");
        event.put("time", Instant.now().toString());
        event.put("datacontenttype", "application/json");
        event.set("data", cdevent(id, service));
        return event;
    }

    static String plain(String id, String service) {
        return "{\"schema\":\"postflight.deploy/1\",\"deploymentId\":\"" + id + "\",\"service\":\"" + service
                + "\",\"environment\":\"production\",\"version\":\"1.0.0\"}";
    }

    private static String token(String subject, List<String> roles, Duration validFor) throws Exception {
        return signedWith(JWT_SECRET, subject, roles, validFor);
    }

    static String signedWith(String secret, String subject, List<String> roles, Duration validFor) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(subject)
                .claim("roles", roles).issueTime(Date.from(now.minusSeconds(600)))
                .expirationTime(Date.from(now.plus(validFor))).build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
