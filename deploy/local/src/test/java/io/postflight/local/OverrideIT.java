package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.postflight.contracts.AuditOutcome;
import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.Json;
import io.postflight.contracts.Topics;
import io.postflight.contracts.Verdict;
import io.postflight.contracts.VerdictState;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An operator's override end to end on a real broker and a real HTTP server: a deployment with no
 * instance to probe ends in HOLD (gateway, health verifier, decision engine, all real); an
 * operator's RELEASE_HOLD over HTTP promotes it, and the decision, verdict and audit topics each show
 * it exactly once, a replayed request included; another body under its id is refused, and two
 * requests with one id at once both get the engine's answer. Each kind of bad request is refused with its status
 * and counted by reason. Keys are made here, per run.
 */
class OverrideIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SECRET = secret();
    private static final List<ApplicationContext> services = new ArrayList<>();
    private static String kafka;
    private static URI base;
    private static ApplicationContext gateway;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaTestBroker.bootstrapServers();
        Map<String, Object> props = new HashMap<>();
        props.put("postflight.kafka.bootstrap-servers", kafka);
        props.put("micronaut.server.port", -1);
        for (String s : List.of("gateway", "health", "decision")) {
            props.put("postflight.streams." + s + ".application-id", "override-it-" + s + "-" + RUN);
        }
        props.put("postflight.gateway.phases", "HEALTH");
        props.put("postflight.health.tick", "100ms");
        // Only the override endpoint, without the HTTP intake: micronaut-security is turned on by hand.
        props.put("postflight.gateway.overrides.enabled", true);
        props.put("micronaut.security.enabled", true);
        props.put("postflight.gateway.overrides.burst", 6);
        props.put("postflight.gateway.overrides.requests-per-minute", 1);
        // A busy machine: the audit record comes well within this; a slow one still answers 202.
        props.put("postflight.gateway.overrides.audit-wait", "60s");
        props.put("micronaut.security.token.jwt.signatures.secret.operators.secret", SECRET);
        String state = Files.createTempDirectory("override-it").toString();
        for (String service : List.of("decision", "health", "gateway")) {
            Map<String, Object> own = new HashMap<>(props);
            own.put("postflight.state-dir", state + "/" + service);
            services.add(LocalStack.startService(service, new String[0], own));
        }
        gateway = services.get(2);
        base = URI.create("http://127.0.0.1:" + gateway.getBean(EmbeddedServer.class).getPort());
    }

    @AfterAll
    static void stop() {
        services.forEach(ApplicationContext::close);
    }

    @Test
    void anOperatorReleasesAHoldToPromoteAndEachTopicShowsItOnce() throws Exception {
        String id = "held-" + RUN;
        String slot = "held-" + RUN + "/it";
        announce(id, "held-" + RUN);
        awaitDecision(id, DecisionKind.HOLD);
        String release = "{\"action\":\"RELEASE_HOLD\",\"releaseTo\":\"PROMOTE\",\"overrideId\":\"release-" + RUN
                + "\",\"reason\":\"too little traffic at night; dashboards checked by hand\"}";

        HttpResponse<String> applied = post(id, operator("alice"), release);
        HttpResponse<String> replayed = post(id, operator("alice"), release);
        HttpResponse<String> otherBody = post(id, operator("alice"), release.replace("\"PROMOTE\"", "\"ROLLBACK\""));
        // Two requests with one new id at once: each gets the engine's answer, neither a false 503.
        String againBody = release.replace("release-" + RUN, "again-" + RUN);
        var againAtOnce = List.of(postAsync(id, operator("alice"), againBody), postAsync(id, operator("alice"),
                againBody));
        HttpResponse<String> again = againAtOnce.get(0).get();
        HttpResponse<String> againToo = againAtOnce.get(1).get();

        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(applied.body());
        assertThat(body.path("status").asText()).isEqualTo("applied");
        assertThat(body.path("verdictBefore").asText()).isEqualTo("HELD");
        assertThat(body.path("verdictAfter").asText()).isEqualTo("PROMOTED");
        assertThat(body.path("decisionId").asText()).isEqualTo(id + ":promote");
        assertThat(replayed.statusCode()).as("the same override id answered again").isEqualTo(200);
        assertThat(Json.MAPPER.readTree(replayed.body()).path("decisionId").asText()).isEqualTo(id + ":promote");
        assertThat(otherBody.statusCode()).as(otherBody.body()).isEqualTo(409);
        assertThat(Json.MAPPER.readTree(otherBody.body()).path("detail").asText())
                .startsWith("overrideId 'release-" + RUN + "' already names another override");
        for (HttpResponse<String> r : List.of(again, againToo)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
            assertThat(Json.MAPPER.readTree(r.body()).path("detail").asText())
                    .contains("RELEASE_HOLD applies to a HOLD only; the verdict is PROMOTED");
        }

        List<Decision> decisions = read(Topics.DECISIONS, slot, Decision.class);
        assertThat(decisions).extracting(Decision::kind).containsExactly(DecisionKind.HOLD, DecisionKind.PROMOTE);
        assertThat(decisions.get(1).override().who()).isEqualTo("alice");
        assertThat(read(Topics.VERDICTS, id, Verdict.class)).extracting(Verdict::state)
                .containsOnlyOnce(VerdictState.PROMOTED).contains(VerdictState.HELD);
        // First records only: a request the engine answered again is audited once more, marked repeat.
        List<AuditRecord> audit = read(Topics.AUDIT, slot, AuditRecord.class).stream()
                .filter(a -> !a.repeated()).toList();
        assertThat(audit).extracting(AuditRecord::overrideId, AuditRecord::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("release-" + RUN, AuditOutcome.APPLIED),
                org.assertj.core.groups.Tuple.tuple("again-" + RUN, AuditOutcome.REFUSED));
        assertThat(audit.get(0).override().who()).isEqualTo("alice");
        assertThat(audit.get(0).override().reason()).startsWith("too little traffic");
    }

    @Test
    void requestsWithoutTokenRoleOrReasonAndFloodsAreRefusedAndCounted() throws Exception {
        String reason = "{\"action\":\"ABORT\",\"reason\":\"wrong target\"}";
        String id = "anything-" + RUN;

        assertThat(post(id, null, reason).statusCode()).isEqualTo(401);
        assertThat(post(id, token("bob", List.of("viewer")), reason).statusCode()).isEqualTo(403);
        assertThat(post(id, token("ci", List.of("deployer")), reason).statusCode()).isEqualTo(403);
        HttpResponse<String> noReason = post(id, operator("carol"), "{\"action\":\"ABORT\"}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(Json.MAPPER.readTree(noReason.body()).path("reason").asText()).isEqualTo("missing-reason");
        assertThat(post(id, operator("carol"), reason).statusCode()).as("an unknown deployment").isEqualTo(404);
        HttpResponse<String> malformed = post(id, operator("carol"), "{\"action\":\"FOO\",\"reason\":\"r\"}");
        assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(malformed.body()).path("detail").asText())
                .isEqualTo("action: one of PROMOTE, ROLLBACK, RELEASE_HOLD, EXTEND, ABORT, not 'FOO'");
        List<Integer> flood = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            flood.add(post(id, operator("dave"), reason).statusCode());
        }
        assertThat(flood).contains(429).startsWith(404);
        // Without a token the limit is the connection's address: a forged X-Forwarded-For per request does not escape it.
        List<Integer> forged = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            forged.add(http.send(HttpRequest.newBuilder(base.resolve("/deployments/" + id + "/overrides"))
                    .timeout(WAIT).header("Content-Type", "application/json").header("X-Forwarded-For", "198.51.100." + i)
                    .POST(HttpRequest.BodyPublishers.ofString(reason)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
        }
        assertThat(forged).contains(429);

        MeterRegistry registry = gateway.getBean(MeterRegistry.class);
        for (String why : List.of("no-credentials", "not-an-operator", "missing-reason", "unknown-deployment",
                "rate-limited")) {
            assertThat(registry.find("postflight.overrides.http.refused").tag("reason", why).counter())
                    .as(why).isNotNull().satisfies(c -> assertThat(c.count()).isGreaterThanOrEqualTo(1));
        }
        assertThat(registry.find("postflight.overrides.http.refused").tag("reason", "not-an-operator").counter()
                .count()).isEqualTo(2);
    }

    private void announce(String id, String service) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        String form = "{\"schema\":\"postflight.deploy/1\",\"deploymentId\":\"" + id + "\",\"service\":\"" + service
                + "\",\"environment\":\"it\",\"version\":\"2.0.0\"}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            ProducerRecord<String, String> r = new ProducerRecord<>(Topics.DEPLOY_EVENTS.name(), id, form);
            r.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            producer.send(r).get();
        }
    }

    private void awaitDecision(String id, DecisionKind kind) {
        try (TopicReader reader = new TopicReader(kafka, Topics.DECISIONS.name())) {
            reader.until(rs -> rs.stream().anyMatch(r -> text(r).contains("\"deploymentId\":\"" + id + "\"")
                    && text(r).contains("\"kind\":\"" + kind + "\"")), WAIT);
        }
    }

    /** Everything on {@code topic} under {@code key}, after a quiet spell in which a second copy would show. */
    private <T> List<T> read(io.postflight.contracts.TopicSpec topic, String key, Class<T> type) {
        try (TopicReader reader = new TopicReader(kafka, topic.name())) {
            reader.until(rs -> rs.stream().anyMatch(r -> key.equals(r.key())), WAIT);
            return reader.drain(Duration.ofSeconds(3)).stream().filter(r -> key.equals(r.key()))
                    .map(r -> {
                        try {
                            return Json.MAPPER.readValue(r.value(), type);
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }).toList();
        }
    }

    private java.util.concurrent.CompletableFuture<HttpResponse<String>> postAsync(String id, String token,
                                                                                  String body) {
        return http.sendAsync(HttpRequest.newBuilder(base.resolve("/deployments/" + id + "/overrides")).timeout(WAIT)
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String id, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/deployments/" + id + "/overrides"))
                .timeout(WAIT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String text(ConsumerRecord<String, byte[]> r) {
        return new String(r.value(), StandardCharsets.UTF_8);
    }

    private static String operator(String subject) throws Exception {
        return token(subject, List.of("operator"));
    }

    private static String token(String subject, List<String> roles) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(subject)
                .claim("roles", roles).issueTime(Date.from(now.minusSeconds(60)))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10)))).build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static String secret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
