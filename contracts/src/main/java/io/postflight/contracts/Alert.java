package io.postflight.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What on-call is paged with: a rollback (critical) or a hold (warning). Keyed by slot.
 *
 * @param schema always {@link #SCHEMA}
 * @param alertId unique id (the decision id it reports)
 * @param severity {@code critical} for a rollback, {@code warning} for a hold
 * @param summary one line for the pager
 * @param decision the decision this alert reports
 */
public record Alert(String schema, String alertId, String severity, String summary, Decision decision) implements Versioned {
    public static final String SCHEMA = "postflight.alert/1";

    public Alert {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(decision, "decision");
        schema = schema == null ? SCHEMA : schema;
    }

    /** The alert for a decision, or {@code null} for a PROMOTE (nothing to page about). */
    public static Alert forDecision(Decision d) {
        String severity = switch (d.kind()) {
            case ROLLBACK -> "critical";
            case HOLD -> "warning";
            case PROMOTE -> null;
        };
        if (severity == null) {
            return null;
        }
        String summary = d.kind() + (d.postPromotion() ? " (after promotion) " : " ")
                + d.deployment().service() + " " + d.deployment().versionForPeople() + " in "
                + d.deployment().environment() + ": " + String.join("; ", d.reasons());
        return new Alert(SCHEMA, d.decisionId(), severity, summary, d);
    }

    /** Shortcut used by consumers that only need the reasons. */
    public List<String> reasons() {
        return decision.reasons();
    }

    /** When the decision was made. */
    public Instant decidedAt() {
        return decision.decidedAt();
    }
}
