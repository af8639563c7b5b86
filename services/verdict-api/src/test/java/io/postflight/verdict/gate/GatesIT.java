package io.postflight.verdict.gate;

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
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Json;
import io.postflight.contracts.Phase;
import io.postflight.contracts.TopicSpec;
import io.postflight.contracts.Topics;
import io.postflight.contracts.Verdict;
import io.postflight.contracts.VerdictState;
import io.postflight.contracts.VerificationStarted;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.verdict.http.ApiMetrics;
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
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gates on a real broker and a real HTTP server: a promoted, a rolled-back and an undecided
 * deployment written to the topics are answered as Argo Rollouts' Web metric provider and Flagger's
 * webhooks expect (a 200 JSON answer read by jsonPath; 200 to proceed and 412 to halt per hook), a
 * request naming another version is never promoted, and unauthenticated, wrong-role and wrong-token
 * requests are refused and counted. Secrets are made per run.
 */
class GatesIT {
    private static final Duration WITHIN = Duration.ofSeconds(120);
    private static final String SECRET = randomSecret();
    private static final String WEBHOOK_TOKEN = randomSecret();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Instant T0 = Instant.now().minusSeconds(3600);
    private static final DeploymentRef PROMOTED = ref("promo-" + RUN, "shop-p-" + RUN);
    private static final DeploymentRef ROLLED_BACK = ref("back-" + RUN, "shop-r-" + RUN);
    private static final DeploymentRef UNDECIDED = ref("wait-" + RUN, "shop-u-" + RUN);

    private static ApplicationContext api;
    private static URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        String kafka = KafkaTestBroker.bootstrapServers();
        Map<String, Object> props = new HashMap<>();
        props.put("postflight.kafka.bootstrap-servers", kafka);
        props.put("postflight.state-dir", Files.createTempDirectory("gates-it").toString());
        props.put("postflight.streams.verdict-api.application-id", "gates-it-" + RUN);
        props.put("micronaut.server.port", -1);
        props.put("micronaut.security.token.jwt.signatures.secret.api.secret", SECRET);
        props.put("postflight.verdict-api.gates.slots", List.of("apps/storefront=" + PROMOTED.slot()));
        props.put("postflight.verdict-api.gates.flagger-tokens", List.of(WEBHOOK_TOKEN));
        api = ApplicationContext.builder("verdict-api").properties(props).deduceEnvironment(false).start();
        EmbeddedServer server = api.getBean(EmbeddedServer.class);
        if (!server.isRunning()) {
            server.start();
        }
        base = URI.create("http://127.0.0.1:" + server.getPort());
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (DeploymentRef d : List.of(PROMOTED, ROLLED_BACK, UNDECIDED)) {
                write(producer, Topics.VERIFICATIONS, d.slot(), started(d));
            }
            write(producer, Topics.VERDICTS, PROMOTED.deploymentId(), verdict(PROMOTED, VerdictState.PROMOTED));
            write(producer, Topics.VERDICTS, ROLLED_BACK.deploymentId(), verdict(ROLLED_BACK, VerdictState.ROLLED_BACK));
            write(producer, Topics.VERDICTS, UNDECIDED.deploymentId(), verdict(UNDECIDED, VerdictState.VERIFYING));
        }
        String token = deployer();
        await().atMost(WITHIN).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            HttpClient c = HttpClient.newHttpClient();
            for (DeploymentRef d : List.of(PROMOTED, ROLLED_BACK, UNDECIDED)) {
                HttpResponse<String> r = c.send(HttpRequest.newBuilder(base.resolve(argoPath(d, ""))).header(
                        "Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200 || Json.MAPPER.readTree(r.body()).path("state").isMissingNode()) {
                    return false; // not in the store yet
                }
            }
            return true;
        });
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void argoRolloutsReadsEachDeploymentsDecisionFromA200Answer() throws Exception {
        assertArgo(argoPath(PROMOTED, "?version=1.2.0"), "promoted", "PROMOTED");
        assertArgo(argoPath(ROLLED_BACK, "?podTemplateHash=" + RUN), "rolled-back", "ROLLED_BACK");
        assertArgo(argoPath(UNDECIDED, ""), "undecided", "VERIFYING");
        assertArgo("/gates/argo-rollouts/apps/storefront", "promoted", "PROMOTED"); // a configured slot
        assertThat(api.getBean(GateMetrics.class).answered("argo-rollouts", "web-metric", "promoted")).isPositive();
    }

    @Test
    void anotherVersionOrAnUnknownSlotIsUndecidedNeverPromoted() throws Exception {
        JsonNode other = assertArgo(argoPath(PROMOTED, "?version=1.3.0"), "undecided", "PROMOTED");
        assertThat(other.path("reason").asText()).contains("version 1.2.0, not 1.3.0");
        JsonNode unknown = assertArgo("/gates/argo-rollouts/prod/nobody-" + RUN, "undecided", null);
        assertThat(unknown.path("reason").asText()).contains("no deployment of nobody-" + RUN + "/prod");
        assertThat(flagger("confirm-promotion", PROMOTED, Map.of("version", "1.3.0"), deployer()).statusCode())
                .as("Flagger is not told to promote another version").isEqualTo(412);
    }

    @Test
    void flaggerProceedsOrHaltsAsEachHookTypesContractSays() throws Exception {
        String token = deployer();
        assertFlagger("confirm-promotion", PROMOTED, token, 200, "promoted");
        assertFlagger("confirm-promotion", ROLLED_BACK, token, 412, "rolled-back");
        assertFlagger("confirm-promotion", UNDECIDED, token, 412, "undecided");
        assertFlagger("rollout", PROMOTED, token, 200, "promoted");
        assertFlagger("rollout", ROLLED_BACK, token, 412, "rolled-back");
        assertFlagger("rollout", UNDECIDED, token, 200, "undecided");
        assertFlagger("rollback", ROLLED_BACK, token, 200, "rolled-back");
        assertFlagger("rollback", UNDECIDED, token, 412, "undecided");
        assertFlagger("rollback", PROMOTED, token, 412, "promoted");
        assertThat(api.getBean(GateMetrics.class).answered("flagger", "rollout", "undecided")).isPositive();
    }

    @Test
    void aFlaggerWebhookMayAuthenticateWithAWebhookTokenInItsMetadata() throws Exception {
        HttpResponse<String> r = flagger("confirm-promotion", PROMOTED, Map.of("token", WEBHOOK_TOKEN), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContain(WEBHOOK_TOKEN);
    }

    @Test
    void unauthenticatedWrongRoleAndWrongTokenRequestsAreRefusedAndCounted() throws Exception {
        ApiMetrics metrics = api.getBean(ApiMetrics.class);
        String argo = argoPath(PROMOTED, "");
        assertRefused(get(argo, null), 401, "no-credentials", metrics);
        assertRefused(get(argo, signedWith(SECRET, "dashboard", List.of("viewer"), Duration.ofMinutes(5))), 403,
                "missing-role", metrics);
        assertRefused(get(argo, signedWith(randomSecret(), "mallory", List.of("deployer"), Duration.ofMinutes(5))), 401,
                "invalid-token", metrics);
        assertRefused(get(argo, signedWith(SECRET, "late", List.of("deployer"), Duration.ofMinutes(-5))), 401,
                "expired-token", metrics);
        double before = metrics.refusedCount("invalid-token");
        assertRefused(flagger("confirm-promotion", PROMOTED, Map.of("token", WEBHOOK_TOKEN + "x"), null), 401,
                "invalid-token", metrics);
        assertThat(metrics.refusedCount("invalid-token")).isGreaterThan(before);
        assertRefused(flagger("confirm-promotion", PROMOTED, Map.of(), null), 401, "no-credentials", metrics);
        assertRefused(flagger("confirm-promotion", PROMOTED, Map.of(), signedWith(SECRET, "ci", List.of("viewer"),
                Duration.ofMinutes(5))), 403, "missing-role", metrics);
        assertRefused(flagger("pre-rollout", PROMOTED, Map.of(), deployer()), 400, "invalid-query", metrics);
    }

    private JsonNode assertArgo(String path, String decision, String state) throws Exception {
        HttpResponse<String> r = get(path, deployer());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode answer = Json.MAPPER.readTree(r.body());
        assertThat(answer.path("decision").asText()).as(r.body()).isEqualTo(decision);
        if (state != null) {
            assertThat(answer.path("state").asText()).isEqualTo(state);
        }
        return answer;
    }

    private void assertFlagger(String hook, DeploymentRef d, String token, int status, String decision) throws Exception {
        HttpResponse<String> r = flagger(hook, d, Map.of(), token);
        assertThat(r.statusCode()).as(hook + " " + d.deploymentId() + ": " + r.body()).isEqualTo(status);
        assertThat(Json.MAPPER.readTree(r.body()).path("decision").asText()).isEqualTo(decision);
    }

    private static void assertRefused(HttpResponse<String> r, int status, String reason, ApiMetrics metrics)
            throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode problem = Json.MAPPER.readTree(r.body());
        assertThat(problem.path("reason").asText()).isEqualTo(reason);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("io.postflight");
        assertThat(metrics.refusedCount(reason)).as(reason + " counted").isPositive();
    }

    /** Flagger's webhook payload for the canary named as the deployment's service, in its environment. */
    private HttpResponse<String> flagger(String hook, DeploymentRef d, Map<String, String> metadata, String token)
            throws Exception {
        Map<String, Object> payload = Map.of("name", d.service(), "namespace", d.environment(), "phase", "Progressing",
                "checksum", "85d557f47b", "metadata", metadata);
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/gates/flagger/" + hook))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(payload)));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String argoPath(DeploymentRef d, String query) {
        return "/gates/argo-rollouts/" + d.environment() + "/" + d.service() + query;
    }

    private static void write(KafkaProducer<String, byte[]> producer, TopicSpec topic, String key, Object value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), key, Json.MAPPER.writeValueAsBytes(value))).get(30,
                TimeUnit.SECONDS);
    }

    /** Deployment ids end in the run id, as a pod-template hash would. */
    private static DeploymentRef ref(String prefix, String service) {
        return new DeploymentRef(prefix + "-" + RUN, service, "prod", "1.2.0", null, "1.1.0");
    }

    private static EventRef event(DeploymentRef d) {
        return new EventRef("evt-" + d.deploymentId(), "/ci", "dev.cdevents.service.deployed.0.3.0", T0);
    }

    private static VerificationStarted started(DeploymentRef d) {
        return new VerificationStarted(null, d, DeployAction.DEPLOYED, List.of(), List.of(Phase.HEALTH), T0, event(d));
    }

    private static Verdict verdict(DeploymentRef d, VerdictState state) {
        return new Verdict(null, d, state, Map.of(), null, null, T0.plusSeconds(300), event(d));
    }

    private static String deployer() throws Exception {
        return signedWith(SECRET, "argo-rollouts", List.of("deployer"), Duration.ofMinutes(10));
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
