package io.postflight.verdict.http;

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
import io.postflight.contracts.AuditOutcome;
import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Evidence;
import io.postflight.contracts.Json;
import io.postflight.contracts.OverrideAction;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.TopicSpec;
import io.postflight.contracts.Topics;
import io.postflight.contracts.Verdict;
import io.postflight.contracts.VerdictState;
import io.postflight.contracts.VerificationStarted;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.verdict.stream.VerdictFeed;
import java.io.InputStream;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verdict API on a real broker and a real HTTP server: verifications, phase results, decisions
 * and verdicts written to their topics are read back over HTTP (a history, a slot's verdict, pages
 * of a list, 404), the SSE stream delivers each verdict change, and every kind of refused read is a
 * problem document, counted. Secrets are made per run.
 */
class VerdictApiIT {
    private static final Duration WITHIN = Duration.ofSeconds(120);
    private static final String SECRET = randomSecret();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Instant T0 = Instant.now().minusSeconds(3600);

    private static ApplicationContext api;
    private static KafkaProducer<String, byte[]> producer;
    private static URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        String kafka = KafkaTestBroker.bootstrapServers();
        Map<String, Object> props = new HashMap<>();
        props.put("postflight.kafka.bootstrap-servers", kafka);
        props.put("postflight.state-dir", Files.createTempDirectory("verdict-api-it").toString());
        props.put("postflight.streams.verdict-api.application-id", "verdict-api-it-" + RUN);
        props.put("micronaut.server.port", -1);
        // Closed streams are noticed at the next write: a keepalive every second gives slots back soon.
        props.put("postflight.verdict-api.stream-heartbeat", "1s");
        // The tests' deployments began an hour ago (T0): those still undecided are overdue.
        props.put("postflight.verdict-api.overdue-after", "30m");
        props.put("micronaut.security.token.jwt.signatures.secret.api.secret", SECRET);
        api = ApplicationContext.builder("verdict-api").properties(props).deduceEnvironment(false).start();
        EmbeddedServer server = api.getBean(EmbeddedServer.class);
        if (!server.isRunning()) {
            server.start();
        }
        base = URI.create("http://127.0.0.1:" + server.getPort());
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aDeploymentsHistoryAndItsSlotsVerdictAreReadBack() throws Exception {
        DeploymentRef d = ref("hist-" + RUN, "shop-h-" + RUN, "prod");
        write(Topics.VERIFICATIONS, d.slot(), started(d, 0));
        write(Topics.PHASE_RESULTS, d.slot(), result(d, Phase.HEALTH, PhaseOutcome.PASSED, 180));
        write(Topics.PHASE_RESULTS, d.slot(), result(d, Phase.BASELINE, PhaseOutcome.FAILED, 600));
        write(Topics.DECISIONS, d.slot(), decision(d, DecisionKind.ROLLBACK, 601));
        write(Topics.VERDICTS, d.deploymentId(), verdict(d, VerdictState.ROLLED_BACK, 601));
        JsonNode h = awaitJson("/deployments/" + d.deploymentId(),
                body -> body.path("decisions").size() == 1 && body.path("verdict").path("state").asText().equals("ROLLED_BACK")
                        && body.path("phaseResults").size() == 2);
        assertThat(h.path("deployEvent").path("id").asText()).isEqualTo("evt-" + d.deploymentId());
        assertThat(h.path("phaseResults").get(1).path("evidence").get(0).path("check").asText()).isEqualTo("error-rate");
        assertThat(h.path("decisions").get(0).path("reasons").get(0).asText()).isEqualTo("baseline failed");
        assertThat(h.path("startedAt").asText()).isEqualTo(T0.toString());
        JsonNode slot = awaitJson("/slots/" + d.service() + "/prod/verdict",
                body -> body.path("state").asText().equals("ROLLED_BACK"));
        assertThat(slot.path("deploymentId").asText()).isEqualTo(d.deploymentId());
    }

    @Test
    void aDeploymentThatNeverGetsADecisionIsCountedOverdueAndADecidedOneIsNot() throws Exception {
        DeploymentRef lost = ref("lost-" + RUN, "shop-q-" + RUN, "prod");
        DeploymentRef decided = ref("kept-" + RUN, "shop-p-" + RUN, "prod");
        write(Topics.VERIFICATIONS, lost.slot(), started(lost, 0));
        write(Topics.PHASE_RESULTS, lost.slot(), result(lost, Phase.HEALTH, PhaseOutcome.PASSED, 180));
        write(Topics.VERIFICATIONS, decided.slot(), started(decided, 0));
        write(Topics.DECISIONS, decided.slot(), decision(decided, DecisionKind.PROMOTE, 900));
        awaitJson("/deployments/" + decided.deploymentId(), body -> body.path("decisions").size() == 1);
        awaitJson("/deployments/" + lost.deploymentId(), body -> body.path("phaseResults").size() == 1);
        io.postflight.verdict.slo.OverdueWatch watch = api.getBean(io.postflight.verdict.slo.OverdueWatch.class);
        io.micrometer.core.instrument.MeterRegistry registry = api.getBean(io.micrometer.core.instrument.MeterRegistry.class);
        double before = registry.get("postflight.deployments.overdue.detected").counter().count();

        watch.check();
        watch.check(); // once per deployment, however many checks see it
        assertThat(watch.overdue()).contains(lost.deploymentId()).doesNotContain(decided.deploymentId());
        assertThat(registry.get("postflight.deployments.overdue").gauge().value())
                .isEqualTo(watch.overdue().size());
        assertThat(registry.get("postflight.deployments.overdue.detected").counter().count() - before)
                .as("counted once").isLessThanOrEqualTo(watch.overdue().size()).isPositive();
    }

    @Test
    void overridesAppliedAndRefusedAppearInTheHistory() throws Exception {
        DeploymentRef d = ref("ovr-" + RUN, "shop-o-" + RUN, "prod");
        write(Topics.VERIFICATIONS, d.slot(), started(d, 0));
        write(Topics.AUDIT, d.slot(), audit(d, "refused-" + RUN, "alice", AuditOutcome.REFUSED, 300));
        write(Topics.AUDIT, d.slot(), audit(d, "applied-" + RUN, "bob", AuditOutcome.APPLIED, 400));
        JsonNode h = awaitJson("/deployments/" + d.deploymentId(), body -> body.path("overrides").size() == 2);
        JsonNode refused = h.path("overrides").get(0);
        assertThat(refused.path("outcome").asText()).isEqualTo("REFUSED");
        assertThat(refused.path("override").path("who").asText()).isEqualTo("alice");
        assertThat(refused.path("override").path("reason").asText()).isEqualTo("checked by hand");
        assertThat(refused.path("refusedBecause").asText()).isEqualTo("the deployment is not held");
        JsonNode applied = h.path("overrides").get(1);
        assertThat(applied.path("outcome").asText()).isEqualTo("APPLIED");
        assertThat(applied.path("override").path("action").asText()).isEqualTo("RELEASE_HOLD");
        assertThat(applied.path("verdictBefore").asText()).isEqualTo("HELD");
        assertThat(applied.path("verdictAfter").asText()).isEqualTo("PROMOTED");
        assertThat(applied.path("recordedAt").asText()).isEqualTo(T0.plusSeconds(400).toString());
    }

    @Test
    void anUnknownDeploymentIsA404ProblemDocument() throws Exception {
        awaitJson("/deployments?limit=1", body -> body.has("items")); // serving
        HttpResponse<String> r = get("/deployments/nope-" + RUN, reader());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
        assertThat(Json.MAPPER.readTree(r.body()).path("type").asText()).isEqualTo("urn:postflight:problem:not-found");
    }

    @Test
    void aListIsServedInPagesFollowingTheCursor() throws Exception {
        String service = "shop-l-" + RUN;
        for (int i = 0; i < 3; i++) {
            DeploymentRef d = ref("list-" + i + "-" + RUN, service, "prod");
            write(Topics.VERIFICATIONS, d.slot(), started(d, i * 60L));
        }
        String query = "/deployments?service=" + service + "&environment=prod&state=VERIFYING&limit=2";
        JsonNode first = awaitJson(query, body -> body.path("items").size() == 2 && body.hasNonNull("next"));
        assertThat(ids(first)).containsExactly("list-2-" + RUN, "list-1-" + RUN);
        JsonNode second = awaitJson(query + "&cursor=" + first.path("next").asText(), body -> true);
        assertThat(ids(second)).containsExactly("list-0-" + RUN);
        assertThat(second.hasNonNull("next")).as("no cursor after the last page").isFalse();
        HttpResponse<String> bad = get("/deployments?limit=100000", reader());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("invalid-query").doesNotContain("Exception");
    }

    @Test
    void theStreamDeliversEachVerdictChangeOfItsFilter() throws Exception {
        awaitJson("/deployments?limit=1", body -> body.has("items")); // serving
        String service = "shop-s-" + RUN;
        BlockingQueue<String> data = new LinkedBlockingQueue<>();
        List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/verdicts/stream?service=" + service))
                .header("Authorization", "Bearer " + reader()).header("Accept", "text/event-stream").build();
        VerdictFeed feed = api.getBean(VerdictFeed.class);
        int before = feed.subscribers();
        var response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(r ->
                r.body().peek(l -> {
                    if (l.startsWith("id:")) {
                        ids.add(l);
                    }
                }).filter(l -> l.startsWith("data:")).map(l -> l.substring(5).strip())
                        .filter(json -> !json.equals("{}")) // the keepalive events' data
                        .forEach(data::add));
        await().atMost(WITHIN).until(() -> feed.subscribers() > before);
        DeploymentRef d = ref("stream-" + RUN, service, "prod");
        DeploymentRef other = ref("other-" + RUN, "cart-" + RUN, "prod");
        write(Topics.VERDICTS, other.deploymentId(), verdict(other, VerdictState.VERIFYING, 0));
        write(Topics.VERDICTS, d.deploymentId(), verdict(d, VerdictState.VERIFYING, 0));
        write(Topics.VERDICTS, d.deploymentId(), verdict(d, VerdictState.PROMOTED, 300));
        List<String> states = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String event = data.poll(WITHIN.toSeconds(), TimeUnit.SECONDS);
            assertThat(event).as("verdict change " + i).isNotNull();
            JsonNode v = Json.MAPPER.readTree(event);
            assertThat(v.path("deployment").path("deploymentId").asText()).isEqualTo(d.deploymentId());
            states.add(v.path("state").asText());
        }
        assertThat(states).containsExactly("VERIFYING", "PROMOTED");
        assertThat(ids).as("no event id: a reconnect does not resume from one").isEmpty();
        response.cancel(true);
    }

    @Test
    void aSubjectHoldsAtMostItsStreamsAndGetsOneBackWhenAStreamCloses() throws Exception {
        awaitJson("/deployments?limit=1", body -> body.has("items")); // serving
        StreamSlots slots = api.getBean(StreamSlots.class);
        String subject = "streamer-" + RUN;
        String token = signedWith(SECRET, subject, List.of("viewer"), Duration.ofMinutes(10));
        List<CompletableFuture<HttpResponse<InputStream>>> streams = new ArrayList<>();
        for (int i = 0; i < slots.maxPerSubject(); i++) {
            streams.add(openStream(token));
        }
        await().atMost(WITHIN).until(() -> slots.open(subject) == slots.maxPerSubject());
        assertRefused(get("/verdicts/stream", token), 429, "too-many-streams", api.getBean(ApiMetrics.class));
        assertThat(get("/deployments?limit=1", token).statusCode()).as("reads are not streams").isEqualTo(200);
        close(streams.remove(0));
        await().atMost(WITHIN).until(() -> slots.open(subject) == slots.maxPerSubject() - 1);
        streams.add(openStream(token));
        await().atMost(WITHIN).until(() -> slots.open(subject) == slots.maxPerSubject());
        for (var stream : streams) {
            close(stream);
        }
        await().atMost(WITHIN).until(() -> slots.open(subject) == 0);
    }

    @Test
    void aStreamEndsWhenItsTokenExpires() throws Exception {
        awaitJson("/deployments?limit=1", body -> body.has("items")); // serving
        StreamSlots slots = api.getBean(StreamSlots.class);
        String subject = "brief-" + RUN;
        var ended = http.sendAsync(HttpRequest.newBuilder(base.resolve("/verdicts/stream"))
                .header("Authorization", "Bearer " + signedWith(SECRET, subject, List.of("viewer"),
                        Duration.ofSeconds(20)))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> r = ended.get(WITHIN.toSeconds(), TimeUnit.SECONDS); // completes once the stream ends
        assertThat(r.statusCode()).isEqualTo(200);
        await().atMost(WITHIN).until(() -> slots.open(subject) == 0);
    }

    /** A stream, open until {@link #close}: the server may send its headers only with the first event. */
    private CompletableFuture<HttpResponse<InputStream>> openStream(String token) {
        return http.sendAsync(HttpRequest.newBuilder(base.resolve("/verdicts/stream"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Ends a stream from the client's side: aborts the exchange, or closes the body once it began. */
    private static void close(CompletableFuture<HttpResponse<InputStream>> stream) throws Exception {
        if (!stream.cancel(true) && !stream.isCompletedExceptionally()) {
            stream.join().body().close();
        }
    }

    @Test
    void unauthenticatedOrUnauthorisedReadsAreRefusedAndCounted() throws Exception {
        ApiMetrics metrics = api.getBean(ApiMetrics.class);
        String path = "/deployments?limit=1";
        assertRefused(get(path, null), 401, "no-credentials", metrics);
        assertRefused(get(path, signedWith(randomSecret(), "mallory", List.of("viewer"), Duration.ofMinutes(5))), 401,
                "invalid-token", metrics);
        assertRefused(get(path, signedWith(SECRET, "late", List.of("viewer"), Duration.ofMinutes(-5))), 401,
                "expired-token", metrics);
        assertRefused(get(path, signedWith(SECRET, "ci", List.of("deployer"), Duration.ofMinutes(5))), 403,
                "missing-role", metrics);
        assertRefused(get("/verdicts/stream", null), 401, "no-credentials", metrics);
        assertRefused(get("/slots/a/b/verdict", null), 401, "no-credentials", metrics);
        assertThat(get("/health", null).statusCode()).as("health stays reachable").isIn(200, 503);
        assertThat(get("/prometheus", null).statusCode()).as("metrics stay reachable").isEqualTo(200);
    }

    @Test
    void whatMicronautAnswersByItselfIsAProblemDocumentToo() throws Exception {
        ApiMetrics metrics = api.getBean(ApiMetrics.class);
        String token = reader();
        assertRefused(get("/deployments?limit=abc", token), 400, "invalid-query", metrics);
        // micronaut-security refuses a path no rule names (reject-not-found) before any route is sought.
        assertRefused(get("/no-such-endpoint", token), 403, "not-allowed", metrics);
        HttpResponse<String> huge = http.send(HttpRequest.newBuilder(base.resolve("/gates/flagger/rollout"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer "
                        + signedWith(SECRET, "ci", List.of("deployer"), Duration.ofMinutes(5)))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + "x".repeat(100_000) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefused(huge, 413, "oversized", metrics);
    }

    private static void assertRefused(HttpResponse<String> r, int status, String reason, ApiMetrics metrics)
            throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode problem = Json.MAPPER.readTree(r.body());
        assertThat(problem.path("reason").asText()).isEqualTo(reason);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("io.postflight");
        assertThat(metrics.refusedCount(reason)).as(reason + " counted").isPositive();
    }

    private JsonNode awaitJson(String path, java.util.function.Predicate<JsonNode> done) throws Exception {
        String token = reader();
        JsonNode[] last = new JsonNode[1];
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            HttpResponse<String> r = get(path, token);
            if (r.statusCode() != 200) {
                return false;
            }
            last[0] = Json.MAPPER.readTree(r.body());
            return done.test(last[0]);
        });
        return last[0];
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(i -> ids.add(i.path("deployment").path("deploymentId").asText()));
        return ids;
    }

    private static void write(TopicSpec topic, String key, Object value) throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), key, Json.MAPPER.writeValueAsBytes(value))).get(30,
                TimeUnit.SECONDS);
    }

    private static AuditRecord audit(DeploymentRef d, String overrideId, String who, AuditOutcome outcome, long at) {
        boolean applied = outcome == AuditOutcome.APPLIED;
        return new AuditRecord(null, new OverrideCommand(null, overrideId, d.deploymentId(), d.slot(),
                OverrideAction.RELEASE_HOLD, DecisionKind.PROMOTE, null, null, "checked by hand", who,
                T0.plusSeconds(at - 1)), d, outcome, applied ? null : "the deployment is not held", VerdictState.HELD,
                applied ? VerdictState.PROMOTED : VerdictState.HELD, null, T0.plusSeconds(at), null);
    }

    private static DeploymentRef ref(String id, String service, String environment) {
        return new DeploymentRef(id, service, environment, "1.2.0", null, "1.1.0");
    }

    private static EventRef event(DeploymentRef d) {
        return new EventRef("evt-" + d.deploymentId(), "/ci", "dev.cdevents.service.deployed.0.3.0", T0);
    }

    private static VerificationStarted started(DeploymentRef d, long at) {
        return new VerificationStarted(null, d, DeployAction.DEPLOYED, List.of(), List.of(Phase.HEALTH, Phase.BASELINE),
                T0.plusSeconds(at), event(d));
    }

    private static PhaseResult result(DeploymentRef d, Phase phase, PhaseOutcome outcome, long at) {
        return new PhaseResult(null, d, phase, outcome, phase + " " + outcome, List.of(Evidence.of("error-rate",
                outcome == PhaseOutcome.FAILED, "error rate 7 %", Map.of("rate", 0.07))), T0, T0.plusSeconds(at), event(d));
    }

    private static Decision decision(DeploymentRef d, DecisionKind kind, long at) {
        return new Decision(null, d.deploymentId() + ":" + kind.name().toLowerCase(), d, kind, false,
                List.of("baseline failed"), List.of(), Map.of(), T0.plusSeconds(at), event(d));
    }

    private static Verdict verdict(DeploymentRef d, VerdictState state, long at) {
        return new Verdict(null, d, state, Map.of(), null, null, T0.plusSeconds(at), event(d));
    }

    private static String reader() throws Exception {
        return signedWith(SECRET, "dashboard", List.of("viewer"), Duration.ofMinutes(10));
    }

    private static String signedWith(String secret, String subject, List<String> roles, Duration validFor)
            throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(subject)
                .claim("roles", roles).issueTime(Date.from(now.minusSeconds(600)))
                .expirationTime(Date.from(now.plus(validFor))).build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
