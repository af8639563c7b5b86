package io.postflight.decision.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.Alert;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.Json;
import io.postflight.kafka.ContractDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alert Alertmanager receives for each Postflight alert, field by field. */
class AlertmanagerPayloadTest {

    private static AlertmanagerConfig config(Map<String, String> labels, String runbookBase, String generatorUrl) {
        return new AlertmanagerConfig(true, "http://alertmanager:9093", Duration.ofSeconds(5), 3,
                Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofHours(2), labels, runbookBase, generatorUrl);
    }

    private static JsonNode json(byte[] body) throws Exception {
        return Json.MAPPER.readTree(body);
    }

    @Test
    void aRollbackBecomesACriticalPostflightRollbackWithTheExactLabelsAndAnnotations() throws Exception {
        AlertmanagerPayload payloads = new AlertmanagerPayload(config(Map.of("team", "payments", "cluster", "eu-1"),
                "https://git.example.com/postflight/blob/main/docs/runbooks/", null));

        byte[] body = AlertmanagerPayload.body(payloads.map(Alerts.rollback("checkout-42")));

        assertThat(json(body)).isEqualTo(json("""
                [{
                  "labels": {
                    "alertname": "PostflightRollback",
                    "cluster": "eu-1",
                    "deployment_id": "checkout-42",
                    "environment": "prod",
                    "post_promotion": "false",
                    "service": "checkout",
                    "severity": "critical",
                    "team": "payments",
                    "version": "2.4.0"
                  },
                  "annotations": {
                    "decision_id": "checkout-42:rollback",
                    "previous_version": "2.3.9",
                    "reasons": "HEALTH FAILED: checkout-0 crash-looping (3 restarts in 2 min)\\nerror rate 12.0 % > 1.0 %",
                    "runbook_url": "https://git.example.com/postflight/blob/main/docs/runbooks/deployment-rolled-back.md",
                    "summary": "ROLLBACK checkout 2.4.0 in prod: HEALTH FAILED: checkout-0 crash-looping (3 restarts in 2 min); error rate 12.0 % > 1.0 %"
                  },
                  "startsAt": "2025-05-01T10:15:30Z",
                  "endsAt": "2025-05-01T12:15:30Z"
                }]
                """.getBytes(StandardCharsets.UTF_8)));
        // Labels in a stable order, instants as RFC 3339, no null generatorURL.
        assertThat(new String(body, StandardCharsets.UTF_8))
                .startsWith("[{\"labels\":{\"alertname\":\"PostflightRollback\",\"cluster\":\"eu-1\"")
                .doesNotContain("generatorURL");
    }

    @Test
    void aHoldBecomesAWarningPostflightHoldPointingAtTheOnHoldRunbook() throws Exception {
        Alert hold = Alerts.of("checkout-43", DecisionKind.HOLD, false, Alerts.DECIDED,
                "BASELINE INCONCLUSIVE: 120 requests, 1000 needed");

        AlertmanagerPayload.PostableAlert a = new AlertmanagerPayload(AlertmanagerConfig.of("http://am:9093"))
                .map(hold);

        assertThat(a.labels()).containsEntry("alertname", "PostflightHold").containsEntry("severity", "warning")
                .containsEntry("post_promotion", "false").hasSize(7);
        assertThat(a.annotations()).containsEntry("runbook_url", "docs/runbooks/deployment-on-hold.md")
                .containsEntry("decision_id", "checkout-43:hold")
                .containsEntry("reasons", "BASELINE INCONCLUSIVE: 120 requests, 1000 needed");
        assertThat(a.startsAt()).isEqualTo(Alerts.DECIDED);
        assertThat(a.endsAt()).isEqualTo(Alerts.DECIDED.plus(AlertmanagerConfig.DEFAULT_RESOLVE_TIMEOUT));
    }

    @Test
    void aRollbackAfterPromotionIsADistinctAlertFromTheOneBefore() throws Exception {
        AlertmanagerPayload payloads = new AlertmanagerPayload(AlertmanagerConfig.of("http://am:9093"));
        Alert after = Alerts.of("checkout-44", DecisionKind.ROLLBACK, true, Alerts.DECIDED, "DRIFT FAILED: leak");

        AlertmanagerPayload.PostableAlert a = payloads.map(after);

        assertThat(a.labels()).containsEntry("post_promotion", "true").containsEntry("alertname", "PostflightRollback");
        assertThat(a.annotations()).containsEntry("decision_id", "checkout-44:rollback:post-promotion")
                .containsEntry("summary", "ROLLBACK (after promotion) checkout 2.4.0 in prod: DRIFT FAILED: leak");
        assertThat(a.labels()).isNotEqualTo(payloads.map(Alerts.rollback("checkout-44")).labels());
    }

    @Test
    void aConfiguredGeneratorUrlIsSentAsGeneratorURL() throws Exception {
        byte[] body = AlertmanagerPayload.body(new AlertmanagerPayload(config(Map.of(), "docs/runbooks/",
                "https://grafana.example.com/d/postflight")).map(Alerts.rollback("checkout-45")));

        assertThat(json(body).get(0).get("generatorURL").asText())
                .isEqualTo("https://grafana.example.com/d/postflight");
    }

    @Test
    void aMissingSeverityOrSummaryIsDerivedFromTheDecision() throws Exception {
        Alert bare = new Alert(Alert.SCHEMA, "x:rollback", null, " ", Alerts.rollback("checkout-46").decision());

        AlertmanagerPayload.PostableAlert a = new AlertmanagerPayload(AlertmanagerConfig.of("http://am:9093"))
                .map(bare);

        assertThat(a.labels()).containsEntry("severity", "critical");
        assertThat(a.annotations()).containsEntry("summary", "ROLLBACK checkout 2.4.0 in prod");
    }

    @Test
    void anAlertForAPromoteIsRefusedAsInvalidNotSent() {
        Alert promote = Alerts.of("checkout-47", DecisionKind.PROMOTE, false, Instant.EPOCH, "all passed");

        assertThatThrownBy(() -> new AlertmanagerPayload(AlertmanagerConfig.of("http://am:9093")).map(promote))
                .isInstanceOfSatisfying(ContractDecoder.DecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo("SCHEMA_INVALID"))
                .hasMessageContaining("PROMOTE");
    }
}
