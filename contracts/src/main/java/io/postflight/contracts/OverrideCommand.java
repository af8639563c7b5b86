package io.postflight.contracts;

import jakarta.annotation.Nullable;
import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An operator's override of one deployment's verification: a command on
 * {@code postflight.overrides}, keyed by slot like decisions, so that it reaches the stream task
 * holding that deployment's state. Named {@code OverrideCommand}, not {@code Override}, so that it
 * never shadows {@link java.lang.Override} in this package.
 *
 * @param schema always {@link #SCHEMA}
 * @param overrideId unique id of this override: it names this override only ({@link #sameOverrideAs});
 *     posting it again answers with what became of it and changes nothing (idempotence)
 * @param deploymentId the deployment it is about
 * @param slot that deployment's slot ({@code service/environment}), the record's key
 * @param action what to do
 * @param releaseTo for {@link OverrideAction#RELEASE_HOLD}: {@link DecisionKind#PROMOTE} or
 *     {@link DecisionKind#ROLLBACK}; absent otherwise
 * @param phase for {@link OverrideAction#EXTEND}: the phase whose end moves; absent otherwise
 * @param extendBy for {@link OverrideAction#EXTEND}: how much later it ends, up to {@link #MAX_EXTENSION}
 * @param reason why, in the operator's words (mandatory; printable: no newline or other control
 *     character, so that it cannot forge a line of the audit trail, a log or an alert)
 * @param who the authenticated subject who asked (printable, at most {@link #MAX_WHO} characters)
 * @param requestedAt when it was asked (the gateway's clock)
 */
public record OverrideCommand(String schema, String overrideId, String deploymentId, String slot,
                              OverrideAction action, @Nullable DecisionKind releaseTo, @Nullable Phase phase,
                              @Nullable @JsonFormat(shape = JsonFormat.Shape.STRING) Duration extendBy,
                              String reason, String who, @Nullable Instant requestedAt) implements Versioned, Checked<OverrideCommand> {
    public static final String SCHEMA = "postflight.override/1";
    /** The longest one EXTEND may add: a phase is extended step by step, each step a decision of its own. */
    public static final Duration MAX_EXTENSION = Duration.ofHours(24);
    /** Longest reason kept: enough for a sentence and a ticket link, not a log dump. */
    public static final int MAX_REASON = 1000;
    /** Longest override id (the schema's bound). */
    public static final int MAX_ID = 200;
    /** Longest subject kept (the schema's bound): a token's subject is the IdP's, not the operator's words. */
    public static final int MAX_WHO = 256;

    public OverrideCommand {
        Objects.requireNonNull(overrideId, "overrideId");
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(action, "action");
        schema = schema == null ? SCHEMA : schema;
    }

    /**
     * The rules JSON Schema cannot say across fields, and the printable text it asks for: printable
     * ids, reason and subject ({@link Identifiers#text}), a non-blank reason and subject, a release
     * target only for RELEASE_HOLD (and then PROMOTE or ROLLBACK), a phase and a bounded, positive
     * extension only for EXTEND.
     */
    @Override
    public OverrideCommand checked() {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason: an override needs a reason");
        }
        if (who == null || who.isBlank()) {
            throw new IllegalArgumentException("who: an override needs the subject who asked");
        }
        String checkedId = printable("overrideId", overrideId, MAX_ID);
        String checkedDeployment = printable("deploymentId", deploymentId, Identifiers.MAX_ID);
        String checkedReason = printable("reason", reason.strip(), MAX_REASON);
        String checkedWho = printable("who", who.strip(), MAX_WHO);
        boolean release = action == OverrideAction.RELEASE_HOLD;
        if (release != (releaseTo != null) || release && releaseTo == DecisionKind.HOLD) {
            throw new IllegalArgumentException("releaseTo: PROMOTE or ROLLBACK with RELEASE_HOLD, absent otherwise");
        }
        boolean extend = action == OverrideAction.EXTEND;
        if (extend != (phase != null) || extend != (extendBy != null)) {
            throw new IllegalArgumentException("phase, extendBy: both with EXTEND, neither otherwise");
        }
        if (extend && (extendBy.isNegative() || extendBy.isZero() || extendBy.compareTo(MAX_EXTENSION) > 0)) {
            throw new IllegalArgumentException("extendBy: more than zero and at most " + MAX_EXTENSION);
        }
        return new OverrideCommand(SCHEMA, checkedId, checkedDeployment, slot, action, releaseTo, phase, extendBy,
                checkedReason, checkedWho, requestedAt);
    }

    /**
     * Whether {@code other} asks for the same override as this one: the same id, deployment, slot,
     * action (with its release target, phase and extension), reason and subject. Only
     * {@code requestedAt} may differ: a retried request is the same override asked again, while
     * another body under the same id is a different override, refused as such.
     */
    public boolean sameOverrideAs(OverrideCommand other) {
        return other != null && overrideId.equals(other.overrideId) && deploymentId.equals(other.deploymentId)
                && slot.equals(other.slot) && action == other.action && releaseTo == other.releaseTo
                && phase == other.phase && Objects.equals(extendBy, other.extendBy)
                && Objects.equals(reason, other.reason) && Objects.equals(who, other.who);
    }

    /**
     * Why this override is refused when its id already names {@code first}, another override; for
     * people, the same sentence from the gateway and from the decision engine.
     */
    public String idTakenBy(OverrideCommand first) {
        return "overrideId '" + overrideId + "' already names another override (" + first.describe() + " of "
                + first.deploymentId() + " by " + first.who() + "); an id names one override: post this one under"
                + " a new overrideId";
    }

    /** {@code value} if printable and at most {@code max} long ({@link Identifiers#text}); else why not. */
    private static String printable(String field, String value, int max) {
        try {
            return Identifiers.text(field, value, max);
        } catch (IllegalArgumentException e) {
            String why = e.getMessage().startsWith(field + " ") ? e.getMessage().substring(field.length() + 1)
                    : e.getMessage();
            throw new IllegalArgumentException(field + ": " + why);
        }
    }

    /** What was asked, for people: {@code RELEASE_HOLD to PROMOTE}, {@code EXTEND BASELINE by PT30M}. */
    public String describe() {
        return switch (action) {
            case RELEASE_HOLD -> action + " to " + releaseTo;
            case EXTEND -> action + " " + phase + " by " + extendBy;
            default -> action.name();
        };
    }
}
