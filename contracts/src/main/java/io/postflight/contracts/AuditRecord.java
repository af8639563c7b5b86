package io.postflight.contracts;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.Objects;

/**
 * What became of one override, on {@code postflight.audit} (keyed by slot): who asked what, when
 * and why, the verdict before and after, and whether it was applied or refused (and why). Written
 * by the decision engine, in the same transaction as what the override changed: first once per
 * override id, then once more ({@code repeat}) each time that id is posted again, so that a
 * retried request is answered whichever gateway instance took it. Readers that count overrides
 * skip records with {@code repeat}.
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
 * @param repeat {@code true} when the override id had been audited before: the same override posted
 *     again (outcome, verdicts and decision copied from the first record; nothing applied again) or
 *     another override under that id (REFUSED, {@code refusedBecause} says so); absent on the first
 *     record of an id
 */
public record AuditRecord(String schema, OverrideCommand override, @Nullable DeploymentRef deployment, AuditOutcome outcome,
                          @Nullable String refusedBecause, @Nullable VerdictState verdictBefore, @Nullable VerdictState verdictAfter,
                          @Nullable String decisionId, @Nullable Instant recordedAt, @Nullable Boolean repeat) implements Versioned {
    public static final String SCHEMA = "postflight.audit/1";

    public AuditRecord {
        Objects.requireNonNull(override, "override");
        Objects.requireNonNull(outcome, "outcome");
        schema = schema == null ? SCHEMA : schema;
    }

    /** Whether this record answers an override id audited before (see {@code repeat}). */
    public boolean repeated() {
        return Boolean.TRUE.equals(repeat);
    }

    /** The override id this record answers. */
    public String overrideId() {
        return override.overrideId();
    }
}
