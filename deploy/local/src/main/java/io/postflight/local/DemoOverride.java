package io.postflight.local;

import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The demo's override: a deployment that names no instance cannot be verified, so it is held; an
 * operator releases the HOLD to PROMOTE over HTTP, with a reason, and the audit record is printed.
 * Deterministic and quick: the HOLD comes from the health phase at once (nothing to probe).
 */
final class DemoOverride {
    private static final Duration TIMEOUT = Duration.ofSeconds(100);

    private DemoOverride() {
    }

    static boolean run(LocalStack stack, Narrator narrator, ScriptedCd cd, String environment) throws Exception {
        narrator.say("CD       deploys search 2.0.0 without naming an instance: nothing to verify, so a HOLD");
        String id = cd.deployedAt("search", environment, "2.0.0", "1.9.0", Map.of(), true);
        List<Decision> held = narrator.awaitDecisions(id, 1, TIMEOUT);
        if (held.isEmpty() || held.get(0).kind() != DecisionKind.HOLD) {
            narrator.say("DEMO     expected a HOLD for " + id + ", got " + held.stream().map(Decision::kind).toList());
            return false;
        }
        URI uri = URI.create("http://localhost:" + stack.httpPorts().get("gateway") + "/deployments/" + id
                + "/overrides");
        String body = "{\"action\":\"RELEASE_HOLD\",\"releaseTo\":\"PROMOTE\",\"overrideId\":\"demo-" + id
                + "\",\"reason\":\"instances checked by hand on the dashboard (demo)\"}";
        narrator.say("OPERATOR alice releases the HOLD: POST " + uri.getPath() + " " + body);
        HttpResponse<String> answer = post(stack, uri, body);
        // 202: written but not yet applied (a busy machine); the same overrideId asks again, never applies twice.
        Instant until = Instant.now().plus(TIMEOUT);
        while (answer.statusCode() == 202 && Instant.now().isBefore(until)) {
            Thread.sleep(1000);
            answer = post(stack, uri, body);
        }
        if (answer.statusCode() != 200) {
            narrator.say("DEMO     expected 200 for the override, got " + answer.statusCode() + ": " + answer.body());
            return false;
        }
        var json = Json.MAPPER.readTree(answer.body()).path("audit");
        AuditRecord audit = Json.MAPPER.treeToValue(json, AuditRecord.class);
        narrator.say("AUDIT    " + audit.override().who() + " " + audit.override().describe() + " of " + id + ": "
                + audit.outcome() + ", " + audit.verdictBefore() + " -> " + audit.verdictAfter() + ", because \""
                + audit.override().reason() + "\" (postflight.audit record below)");
        narrator.say("         " + json);
        List<Decision> after = narrator.awaitDecisions(id, 2, TIMEOUT);
        boolean promoted = after.size() == 2 && after.get(1).kind() == DecisionKind.PROMOTE
                && after.get(1).override() != null;
        if (!promoted) {
            narrator.say("DEMO     expected the released HOLD to be followed by a PROMOTE, got "
                    + after.stream().map(Decision::kind).toList());
        }
        return promoted;
    }

    private static HttpResponse<String> post(LocalStack stack, URI uri, String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + stack.intake().operatorToken("alice", Instant.now()))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
