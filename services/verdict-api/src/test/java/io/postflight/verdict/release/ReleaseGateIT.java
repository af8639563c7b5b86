package io.postflight.verdict.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Json;
import io.postflight.contracts.intake.ContractSchemas;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.testing.TopicReader;
import io.postflight.verdict.stream.VerdictApiTopology;
import io.postflight.verdict.TestApi;
import io.postflight.verdict.delivery.DeliveryScript;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The release gate on a real broker and a real HTTP server, with policies from configuration: an
 * artifact verified and soaked in staging is allowed (200), and the gate blocks (412, every reason)
 * for each of its checks; only a gate role may ask.
 */
class ReleaseGateIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SHOP = "shop-" + RUN;
    private static final Instant T0 = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
    private static final String SOAKED = "sha256:" + "a1".repeat(32);
    private static final String FRESH = "sha256:" + "b2".repeat(32);
    private static final String LIVE = "sha256:" + "c3".repeat(32);
    private static final List<String> ENVIRONMENTS = List.of("strict", "revoked", "prod", "night", "frozen", "frozen-excepted",
            "unapproved");
    private static TestApi api;
    private static KeyPair ci;

    @BeforeAll
    static void start() throws Exception {
        Instant now = Instant.now();
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
        Map<String, Object> props = new HashMap<>();
        for (String env : ENVIRONMENTS) {
            props.put("postflight.verdict-api.release-gate.environments." + env + ".lower-environment", "staging");
        }
        // A window that opens in two hours (every day, UTC), and a freeze around now.
        props.put("postflight.verdict-api.release-gate.environments.night.windows[0]", "MON-SUN "
                + hm.format(now.plus(Duration.ofHours(2))) + "-" + hm.format(now.plus(Duration.ofHours(3))) + " UTC");
        for (String frozen : List.of("frozen", "frozen-excepted")) {
            props.put("postflight.verdict-api.release-gate.environments." + frozen + ".freezes[0]",
                    now.minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS) + "/"
                            + now.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS) + " incident freeze");
        }
        // "strict" blocks on a high vulnerability; the others on a critical one (the default).
        props.put("postflight.verdict-api.release-gate.environments.strict.block-severity", "high");
        ci = VulnerabilityAttestationsTest.ecKeys();
        props.put("postflight.verdict-api.release-gate.attestation-keys.ci", VulnerabilityAttestationsTest.pem(ci));
        api = TestApi.start("release-gate-it-" + RUN, props);
        TestApi.write(history());
        // SOAKED was scanned: nothing known.
        HttpResponse<String> scanned = api.post("/vulnerability-summaries/" + SHOP, TestApi.token("trivy-bot",
                List.of("scanner")), "{\"digest\": \"" + SOAKED + "\", \"findings\": {\"critical\": 0, \"high\": 0},"
                + " \"scanner\": \"trivy 0.57\"}");
        assertThat(scanned.statusCode()).as(scanned.body()).isEqualTo(201);
        // SOAKED is approved everywhere but in "unapproved", by an approver.
        String approver = TestApi.token("alice", List.of("approver"));
        for (String env : ENVIRONMENTS) {
            if (!env.equals("unapproved")) {
                HttpResponse<String> approved = api.post("/approvals/" + SHOP + "/" + env, approver,
                        "{\"digest\": \"" + SOAKED + "\", \"reason\": \"CHG-7: tested in staging\"}");
                assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
            }
        }
    }

    /** Live versions in prod, night and frozen; SOAKED promoted in staging 3 h ago, FRESH 10 min ago. */
    private static DeliveryScript history() {
        DeliveryScript s = new DeliveryScript(T0);
        for (String env : ENVIRONMENTS) {
            DeploymentRef live = new DeploymentRef("live-" + env + "-" + RUN, SHOP, env, "1.4.0", LIVE, null);
            s.deployed(live, Duration.ofHours(-24)).decided(live, DecisionKind.PROMOTE, false, Duration.ofHours(-23));
        }
        DeploymentRef soaked = new DeploymentRef("soaked-" + RUN, SHOP, "staging", "1.5.0", SOAKED, null);
        s.deployed(soaked, Duration.ZERO).decided(soaked, DecisionKind.PROMOTE, false, Duration.ofMinutes(20));
        DeploymentRef other = new DeploymentRef("fresh-" + RUN, "cart-" + RUN, "staging", "2.0.0", FRESH, null);
        s.deployed(other, Duration.ofMinutes(170)).decided(other, DecisionKind.PROMOTE, false, Duration.ofMinutes(175));
        return s;
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void anArtifactVerifiedAndSoakedInStagingIsAllowed() throws Exception {
        JsonNode allow = await200("/gates/release/" + SHOP + "/prod?version=1.5.0&digest=" + SOAKED);
        assertThat(allow.path("decision").asText()).isEqualTo("ALLOW");
        assertThat(allow.path("checks")).hasSize(8);
        // (A later test adds a signed summary with one high: either counts here.)
        assertThat(allow.at("/checks/7/detail").asText()).startsWith("no known vulnerability at or above critical:"
                + " 0 critical, ");
        assertThat(allow.path("reasons")).isEmpty();
    }

    @Test
    void theGateBlocksForEachReasonWithA412AndEveryReason() throws Exception {
        await200("/gates/release/" + SHOP + "/prod?version=1.5.0&digest=" + SOAKED); // the history is in
        assertThat(blocked("/gates/release/" + SHOP + "/prod?version=1.5.0&digest=" + FRESH))
                .contains("sha256:b2b2b2b2b2b2 was never verified in staging", "not soaked: not verified in staging");
        // deployed in staging 10 minutes before the test began (more on a slow machine, never an hour)
        assertThat(blocked("/gates/release/cart-" + RUN + "/prod?version=2.0.0&digest=" + FRESH))
                .contains("no promoted version in prod to roll back to")
                .anyMatch(r -> r.matches("ran [1-5][0-9] min in staging, less than 60 min required"));
        assertThat(blocked("/gates/release/" + SHOP + "/prod?version=1.5.0"))
                .contains("the artifact is not pinned by digest: name it by its sha256 digest, a tag can move");
        assertThat(blocked("/gates/release/" + SHOP + "/prod?version=9.9.9&digest=" + SOAKED)).containsExactly(
                "the artifact sha256:a1a1a1a1a1a1 was verified as version 1.5.0, not 9.9.9: the version name and the"
                        + " artifact do not match");
        assertThat(blocked("/gates/release/" + SHOP + "/night?version=1.5.0&digest=" + SOAKED)).singleElement()
                .asString().startsWith("outside every deployment window (MON-SUN ");
        assertThat(blocked("/gates/release/" + SHOP + "/frozen?version=1.5.0&digest=" + SOAKED)).singleElement()
                .asString().startsWith("inside a change freeze (incident freeze, ");
        assertThat(blocked("/gates/release/" + SHOP + "/qa?version=1.5.0&digest=" + SOAKED)).containsExactly(
                "no release policy for environment qa (postflight.verdict-api.release-gate.environments.qa)");
    }

    @Test
    void withoutAnApprovalTheGateBlocksAndAnApprovalIsForOneArtifact() throws Exception {
        await200("/gates/release/" + SHOP + "/prod?version=1.5.0&digest=" + SOAKED);
        assertThat(blocked("/gates/release/" + SHOP + "/unapproved?version=1.5.0&digest=" + SOAKED)).containsExactly(
                "no approval of sha256:a1a1a1a1a1a1 for unapproved (an approver role records one: POST"
                        + " /approvals/{service}/unapproved)");
        JsonNode allowed = await200("/gates/release/" + SHOP + "/prod?version=1.5.0&digest=" + SOAKED);
        assertThat(allowed.at("/checks/6/detail").asText()).startsWith("approved by alice at ")
                .endsWith("CHG-7: tested in staging");
    }

    @Test
    void anEmergencyExceptionLetsTheArtifactThroughAFreezeAndNeedsItsOwnRole() throws Exception {
        await200("/gates/release/" + SHOP + "/prod?version=1.5.0&digest=" + SOAKED);
        String body = "{\"digest\": \"" + SOAKED + "\", \"reason\": \"INC-42: payments down\"}";
        HttpResponse<String> byApprover = api.post("/emergency-exceptions/" + SHOP + "/frozen-excepted",
                TestApi.token("alice", List.of("approver")), body);
        assertThat(byApprover.statusCode()).as(byApprover.body()).isEqualTo(403);
        assertThat(byApprover.body()).contains("emergency");
        HttpResponse<String> granted = api.post("/emergency-exceptions/" + SHOP + "/frozen-excepted",
                TestApi.token("bob", List.of("emergency")), body);
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
        assertThat(Json.MAPPER.readTree(granted.body()).path("who").asText()).isEqualTo("bob");
        JsonNode through = await200("/gates/release/" + SHOP + "/frozen-excepted?version=1.5.0&digest=" + SOAKED);
        assertThat(through.at("/checks/4/detail").asText()).contains("let through by the emergency exception of bob")
                .endsWith("INC-42: payments down");
        // the other frozen environment has no exception: still blocked
        assertThat(blocked("/gates/release/" + SHOP + "/frozen?version=1.5.0&digest=" + SOAKED)).singleElement()
                .asString().startsWith("inside a change freeze (incident freeze, ");
    }

    @Test
    void recordsAreRefusedWithoutTheRightRoleAValidDigestAReasonOrAPolicy() throws Exception {
        String approver = TestApi.token("alice", List.of("approver"));
        String ok = "{\"digest\": \"" + FRESH + "\", \"reason\": \"ok\"}";
        assertThat(api.post("/approvals/" + SHOP + "/prod", null, ok).statusCode()).isEqualTo(401);
        assertThat(api.post("/approvals/" + SHOP + "/prod", TestApi.token("ci", List.of("deployer")), ok)
                .statusCode()).isEqualTo(403);
        HttpResponse<String> tag = api.post("/approvals/" + SHOP + "/prod", approver,
                "{\"digest\": \"latest\", \"reason\": \"ok\"}");
        assertThat(tag.statusCode()).isEqualTo(400);
        assertThat(tag.body()).contains("never a tag");
        assertThat(api.post("/approvals/" + SHOP + "/prod", approver, "{\"digest\": \"" + FRESH + "\"}")
                .statusCode()).isEqualTo(400);
        assertThat(api.post("/approvals/" + SHOP + "/qa", approver, ok).statusCode()).isEqualTo(404);
        HttpResponse<String> hidden = api.post("/approvals/" + SHOP + "/prod", approver,
                "{\"digest\": \"" + FRESH + "\", \"reason\": \"ok \u202e txet neddih\"}");
        assertThat(hidden.statusCode()).as("a bidi override in the reason").isEqualTo(400);
    }

    @Test
    void aSignedAttestationFromAPipelineCountsAnUnsignedClaimDoesNotAndAnUnscannedArtifactBlocks() throws Exception {
        await200("/gates/release/" + SHOP + "/strict?version=1.5.0&digest=" + SOAKED);
        String pipeline = TestApi.token("pipeline", List.of("deployer"));
        String claim = "{\"digest\": \"" + SOAKED + "\", \"findings\": {\"high\": 1}, \"scanner\": \"trivy 0.57\"}";
        HttpResponse<String> unsigned = api.post("/vulnerability-summaries/" + SHOP, pipeline, claim);
        assertThat(unsigned.statusCode()).as(unsigned.body()).isEqualTo(403);
        assertThat(unsigned.body()).contains("signed attestation");
        String forged = VulnerabilityAttestationsTest.sign(VulnerabilityAttestationsTest.ecKeys(),
                payload(SOAKED, "{\"high\": 1}", Duration.ofSeconds(1)));
        HttpResponse<String> other = api.post("/vulnerability-summaries/" + SHOP, pipeline,
                "{\"attestation\": \"" + forged + "\"}");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(400);
        assertThat(other.body()).contains("matches none of the configured keys");
        HttpResponse<String> signed = api.post("/vulnerability-summaries/" + SHOP, pipeline, "{\"attestation\": \""
                + VulnerabilityAttestationsTest.sign(ci, payload(SOAKED, "{\"high\": 1}", Duration.ofSeconds(1)))
                + "\"}");
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(201);
        assertThat(Json.MAPPER.readTree(signed.body()).path("attestedBy").asText()).isEqualTo("ci");
        // Read back on every instance within moments: then "strict" blocks on the high one, prod does not.
        await().atMost(TestApi.WITHIN).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(blocked("/gates/release/" + SHOP + "/strict?version=1.5.0&digest=" + SOAKED))
                        .singleElement().asString().startsWith("sha256:a1a1a1a1a1a1 has 1 high known vulnerability"));
        await200("/gates/release/" + SHOP + "/prod?version=1.5.0&digest=" + SOAKED);
        assertThat(blocked("/gates/release/cart-" + RUN + "/prod?version=2.0.0&digest=" + FRESH))
                .anyMatch(r -> r.startsWith("no vulnerability summary of sha256:b2b2b2b2b2b2"));
        // An older clean attestation, posted again after the newer scan, hides nothing: the newest scan decides.
        String old = VulnerabilityAttestationsTest.sign(ci, payload(SOAKED, "{\"high\": 0}", Duration.ofDays(1)));
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> replayed = api.post("/vulnerability-summaries/" + SHOP, pipeline,
                    "{\"attestation\": \"" + old + "\"}");
            assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(201);
        }
        Thread.sleep(2000); // read back by now, were it to count
        assertThat(blocked("/gates/release/" + SHOP + "/strict?version=1.5.0&digest=" + SOAKED)).singleElement()
                .asString().startsWith("sha256:a1a1a1a1a1a1 has 1 high known vulnerability");
        // Counts are whole numbers, signed or not; names are names.
        HttpResponse<String> malformed = api.post("/vulnerability-summaries/" + SHOP, pipeline, "{\"attestation\": \""
                + VulnerabilityAttestationsTest.sign(ci, payload(SOAKED, "{\"critical\": {\"n\": 1}}",
                Duration.ofSeconds(1))) + "\"}");
        assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
        HttpResponse<String> fraction = api.post("/vulnerability-summaries/" + SHOP, TestApi.token("trivy-bot",
                List.of("scanner")), "{\"digest\": \"" + SOAKED + "\", \"findings\": {\"critical\": 0.9},"
                + " \"scanner\": \"trivy 0.57\"}");
        assertThat(fraction.statusCode()).as(fraction.body()).isEqualTo(400);
        assertThat(api.get("/gates/release/a%20b/prod?digest=" + SOAKED, pipeline).statusCode()).isEqualTo(400);
    }

    private static String payload(String digest, String findings, Duration ago) {
        return "{\"digest\": \"" + digest + "\", \"findings\": " + findings + ", \"scanner\": \"trivy 0.57\","
                + " \"scannedAt\": \"" + Instant.now().minus(ago).truncatedTo(ChronoUnit.SECONDS) + "\"}";
    }

    @Test
    void everyAnswerIsRecordedOnTheBusAsACdEventBeforeItIsGiven() throws Exception {
        await200("/gates/release/" + SHOP + "/prod?version=1.5.0&digest=" + SOAKED);
        blocked("/gates/release/" + SHOP + "/prod?version=1.5.0");
        try (TopicReader reader = new TopicReader(KafkaTestBroker.bootstrapServers(),
                VerdictApiTopology.GATE_ANSWERS.name())) {
            List<ConsumerRecord<String, byte[]>> read = reader.until(rs -> ofShop(rs).stream()
                    .map(e -> e.at("/data/subject/content/decision").asText()).toList()
                    .containsAll(List.of("ALLOW", "BLOCK")), Duration.ofSeconds(60));
            List<JsonNode> events = ofShop(read);
            for (JsonNode e : events) {
                // The CDEvent against its schema; the CloudEvent around it as CDEvents' binding has it.
                assertThat(ContractSchemas.violations(ContractSchemas.RELEASE_GATE_ANSWERED, e.path("data")))
                        .as(e.toString()).isEmpty();
                assertThat(e.path("specversion").asText()).isEqualTo("1.0");
                assertThat(e.path("type").asText()).isEqualTo("dev.cdeventsx.postflight-releasegate.answered.0.1.0")
                        .isEqualTo(e.at("/data/context/type").asText());
                assertThat(e.path("id").asText()).isEqualTo(e.at("/data/context/id").asText());
                assertThat(e.path("subject").asText()).isEqualTo(e.at("/data/subject/id").asText())
                        .startsWith(SHOP + "/" + e.at("/data/subject/content/environment").asText() + "@");
                assertThat(e.path("datacontenttype").asText()).isEqualTo("application/json");
                assertThat(e.at("/data/subject/content/askedBy").asText()).isEqualTo("pipeline");
            }
            // The unpinned request: no digest in the answer.
            JsonNode block = events.stream().map(e -> e.at("/data/subject/content"))
                    .filter(c -> c.path("decision").asText().equals("BLOCK") && c.path("digest").asText("").isEmpty())
                    .findFirst().orElseThrow();
            assertThat(block.path("reasons").toString()).contains("the artifact is not pinned by digest");
            ConsumerRecord<String, byte[]> record = read.stream().filter(r -> r.key().startsWith(SHOP + "/"))
                    .findFirst().orElseThrow();
            assertThat(record.key()).isEqualTo(SHOP + "/prod");
            assertThat(new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                    .startsWith("application/cloudevents+json");
        }
    }

    @Test
    void anApprovalListedInForceAndRevokedGrantsNothingAndOnlyItsRoleMayRevokeIt() throws Exception {
        String path = "/gates/release/" + SHOP + "/revoked?version=1.5.0&digest=" + SOAKED;
        await200(path);
        String approver = TestApi.token("alice", List.of("approver"));
        JsonNode listed = Json.MAPPER.readTree(api.get("/approvals/" + SHOP + "/revoked", approver).body());
        assertThat(listed).hasSize(1);
        assertThat(listed.at("/0/state").asText()).isEqualTo("IN_FORCE");
        String id = listed.at("/0/record/id").asText();
        String revocation = "/approvals/" + SHOP + "/revoked/" + id + "/revocation";
        String reason = "{\"reason\": \"CHG-7 withdrawn: the change ticket was rejected\"}";
        assertThat(api.post(revocation, TestApi.token("pipeline", List.of("deployer")), reason).statusCode())
                .isEqualTo(403);
        assertThat(api.post(revocation, TestApi.token("bob", List.of("emergency")), reason).statusCode())
                .isEqualTo(403);
        assertThat(api.post("/approvals/" + SHOP + "/revoked/no-such-id/revocation", approver, reason).statusCode())
                .isEqualTo(404);
        HttpResponse<String> revoked = api.post(revocation, approver, reason);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(201);
        assertThat(Json.MAPPER.readTree(revoked.body()).path("revokes").asText()).isEqualTo("approval:" + id);
        await().atMost(TestApi.WITHIN).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(blocked(path)).containsExactly("no approval of sha256:a1a1a1a1a1a1 for revoked (an approver"
                        + " role records one: POST /approvals/{service}/revoked)"));
        JsonNode after = Json.MAPPER.readTree(api.get("/approvals/" + SHOP + "/revoked", approver).body());
        assertThat(after.at("/0/state").asText()).isEqualTo("REVOKED");
        assertThat(after.at("/0/revocation/who").asText()).isEqualTo("alice");
        // Revoking again answers with the first revocation, adds nothing.
        HttpResponse<String> again = api.post(revocation, approver, reason);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(again.body()).path("id").asText())
                .isEqualTo(Json.MAPPER.readTree(revoked.body()).path("id").asText());
    }

    private static List<JsonNode> ofShop(List<ConsumerRecord<String, byte[]>> records) {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.key() != null && r.key().startsWith(SHOP + "/")) {
                try {
                    out.add(Json.MAPPER.readTree(r.value()));
                } catch (java.io.IOException e) {
                    throw new AssertionError("not JSON: " + new String(r.value(), StandardCharsets.UTF_8), e);
                }
            }
        }
        return out;
    }

    @Test
    void onlyAGateRoleMayAsk() throws Exception {
        String path = "/gates/release/" + SHOP + "/prod?digest=" + SOAKED;
        assertThat(api.get(path, null).statusCode()).isEqualTo(401);
        HttpResponse<String> viewer = api.get(path, TestApi.token("pipeline", List.of("viewer")));
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(viewer.body()).contains("missing-role");
    }

    private JsonNode await200(String path) throws Exception {
        String token = TestApi.token("pipeline", List.of("deployer"));
        JsonNode[] last = new JsonNode[1];
        await().atMost(TestApi.WITHIN).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            HttpResponse<String> r = api.get(path, token);
            last[0] = Json.MAPPER.readTree(r.body());
            return r.statusCode() == 200;
        });
        return last[0];
    }

    private List<String> blocked(String path) throws Exception {
        HttpResponse<String> r = api.get(path, TestApi.token("pipeline", List.of("deployer")));
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(412);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("decision").asText()).isEqualTo("BLOCK");
        return Json.MAPPER.convertValue(body.path("reasons"), Json.MAPPER.getTypeFactory()
                .constructCollectionType(List.class, String.class));
    }
}
