package io.postflight.contracts;

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
 * @param overrideId unique id of this override: applying it again changes nothing (idempotence)
 * @param deploymentId the deployment it is about
 * @param slot that deployment's slot ({@code service/environment}), the record's key
 * @param action what to do
 * @param releaseTo for {@link OverrideAction#RELEASE_HOLD}: {@link DecisionKind#PROMOTE} or
 *     {@link DecisionKind#ROLLBACK}; absent otherwise
 * @param phase for {@link OverrideAction#EXTEND}: the phase whose end moves; absent otherwise
 * @param extendBy for {@link OverrideAction#EXTEND}: how much later it ends, up to {@link #MAX_EXTENSION}
 * @param reason why, in the operator's words (mandatory)
 * @param who the authenticated subject who asked
 * @param requestedAt when it was asked (the gateway's clock)
 */
public record OverrideCommand(String schema, String overrideId, String deploymentId, String slot,
                              OverrideAction action, DecisionKind releaseTo, Phase phase,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) Duration extendBy,
                              String reason, String who, Instant requestedAt) implements Versioned, Checked<OverrideCommand> {
    public static final String SCHEMA = "postflight.override/1";
    /** The longest one EXTEND may add: a phase is extended step by step, each step a decision of its own. */
    public static final Duration MAX_EXTENSION = Duration.ofHours(24);
    /** Longest reason kept: enough for a sentence and a ticket link, not a log dump. */
    public static final int MAX_REASON = 1000;

    public OverrideCommand {
        Objects.requireNonNull(overrideId, "overrideId");
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(action, "action");
        schema = schema == null ? SCHEMA : schema;
    }

    /**
     * The rules JSON Schema cannot say across fields: a non-blank reason and subject, a release
     * target only for RELEASE_HOLD (and then PROMOTE or ROLLBACK), a phase and a bounded, positive
     * extension only for EXTEND.
     */
    @Override
    public OverrideCommand checked() {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason: an override needs a reason");
        }
        if (reason.length() > MAX_REASON) {
            throw new IllegalArgumentException("reason: longer than " + MAX_REASON + " characters");
        }
        if (who == null || who.isBlank()) {
            throw new IllegalArgumentException("who: an override needs the subject who asked");
        }
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
        return new OverrideCommand(SCHEMA, overrideId, deploymentId, slot, action, releaseTo, phase, extendBy,
                reason.strip(), who.strip(), requestedAt);
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
