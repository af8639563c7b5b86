package io.postflight.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * What became of one override, on {@code postflight.audit} (keyed by slot): who asked what, when
 * and why, the verdict before and after, and whether it was applied or refused (and why). Written
 * once per override id by the decision engine, in the same transaction as what the override changed.
 *
 * @param schema always {@link #SCHEMA}
 * @param override the override as asked (who, when, what, why)
 * @param deployment the deployment it was about, when Postflight knows it (absent for an unknown id)
 * @param outcome applied or refused
 * @param refusedBecause why it was refused, for people; absent when applied
 * @param verdictBefore the deployment's verdict state before (absent when unknown)
 * @param verdictAfter the deployment's verdict state after (the same as before when refused)
 * @param decisionId the decision the override published, if any
 * @param recordedAt when the decision engine applied or refused it
 */
public record AuditRecord(String schema, OverrideCommand override, DeploymentRef deployment, AuditOutcome outcome,
                          String refusedBecause, VerdictState verdictBefore, VerdictState verdictAfter,
                          String decisionId, Instant recordedAt) implements Versioned {
    public static final String SCHEMA = "postflight.audit/1";

    public AuditRecord {
        Objects.requireNonNull(override, "override");
        Objects.requireNonNull(outcome, "outcome");
        schema = schema == null ? SCHEMA : schema;
    }

    /** The override id this record answers. */
    public String overrideId() {
        return override.overrideId();
    }
}
