package io.postflight.decision.alertmanager;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.postflight.contracts.Alert;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeploymentRef;
import io.postflight.kafka.ContractDecoder;
import io.postflight.kafka.JsonSerde;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maps a Postflight {@link Alert} to the alert Alertmanager's API v2 takes ({@code postableAlert}),
 * pure: alert and clock in, payload out.
 *
 * <p>The labels identify the alert (Alertmanager de-duplicates by them), so they hold only what
 * tells one page from another: the kind of decision, the deployment and whether it came after
 * promotion. Re-sending the same alert (after a restart) therefore updates it instead of paging
 * twice. Everything descriptive goes in annotations.
 */
public final class AlertmanagerPayload {
    public static final String ROLLBACK_ALERTNAME = "PostflightRollback";
    public static final String HOLD_ALERTNAME = "PostflightHold";
    public static final String ROLLBACK_RUNBOOK = "deployment-rolled-back.md";
    public static final String HOLD_RUNBOOK = "deployment-on-hold.md";

    private final AlertmanagerConfig config;

    public AlertmanagerPayload(AlertmanagerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * One alert as {@code POST /api/v2/alerts} takes it.
     *
     * @param labels identity of the alert, used by Alertmanager's routing and grouping
     * @param annotations what on-call reads
     * @param startsAt when Postflight decided
     * @param endsAt when Alertmanager considers it resolved
     * @param generatorUrl link to the alert's source, when configured
     */
    public record PostableAlert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
                                Instant endsAt, @JsonProperty("generatorURL") String generatorUrl) {
        public PostableAlert {
            labels = Map.copyOf(labels);
            annotations = Map.copyOf(annotations);
        }
    }

    /**
     * The Alertmanager alert for {@code alert}. It fires from the decision time for
     * {@code resolve-timeout}: a fixed window, so that re-sending it changes nothing, and so that
     * old alerts read again (a notifier started on a topic holding a week of alerts) arrive
     * resolved instead of paging for what happened days ago.
     *
     * @throws ContractDecoder.DecodeException ({@code SCHEMA_INVALID}) for an alert that is not a
     *     page: one for a PROMOTE decision
     */
    public PostableAlert map(Alert alert) throws ContractDecoder.DecodeException {
        Decision d = alert.decision();
        if (d.kind() == DecisionKind.PROMOTE) {
            throw new ContractDecoder.DecodeException("SCHEMA_INVALID", "alert " + alert.alertId()
                    + " reports a PROMOTE decision: Postflight pages only for ROLLBACK and HOLD");
        }
        if (d.decidedAt() == null) {
            throw new ContractDecoder.DecodeException("SCHEMA_INVALID", "alert " + alert.alertId()
                    + ": decision.decidedAt is required");
        }
        boolean rollback = d.kind() == DecisionKind.ROLLBACK;
        DeploymentRef dep = d.deployment();

        Map<String, String> labels = new LinkedHashMap<>(config.labels());
        labels.put("alertname", rollback ? ROLLBACK_ALERTNAME : HOLD_ALERTNAME);
        labels.put("severity", severity(alert, rollback));
        labels.put("service", dep.service());
        labels.put("environment", dep.environment());
        labels.put("version", dep.version());
        labels.put("deployment_id", dep.deploymentId());
        labels.put("post_promotion", String.valueOf(d.postPromotion()));

        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", alert.summary() == null || alert.summary().isBlank()
                ? d.kind() + " " + dep.service() + " " + dep.version() + " in " + dep.environment()
                : alert.summary());
        annotations.put("reasons", String.join("\n", d.reasons()));
        annotations.put("decision_id", d.decisionId() != null ? d.decisionId() : alert.alertId());
        annotations.put("runbook_url", config.runbookBaseUrl() + (rollback ? ROLLBACK_RUNBOOK : HOLD_RUNBOOK));
        if (dep.previousVersion() != null && !dep.previousVersion().isBlank()) {
            annotations.put("previous_version", dep.previousVersion());
        }

        return new PostableAlert(labels, annotations, d.decidedAt(), d.decidedAt().plus(config.resolveTimeout()),
                config.generatorUrl());
    }

    /** The request body: Alertmanager takes a JSON array of alerts. */
    public static byte[] body(PostableAlert alert) {
        return JsonSerde.toBytes(List.of(alert));
    }

    private static String severity(Alert alert, boolean rollback) {
        if (alert.severity() != null && !alert.severity().isBlank()) {
            return alert.severity();
        }
        return rollback ? "critical" : "warning";
    }
}
