package io.postflight.verdict.gate;

import io.micronaut.http.HttpStatus;
import java.util.Locale;
import java.util.Optional;

/**
 * The Flagger webhook types a gate answers, and the status each answer gets under Flagger's
 * contract (a status above 202 is a failed call). Chosen so that an undecided Postflight neither
 * promotes nor rolls back: {@code confirm-promotion} passes only a promoted deployment (Flagger
 * keeps waiting otherwise); {@code rollout} fails only a rolled-back or an aborted one (every failed
 * call counts toward the canary's threshold and ends in a rollback: an operator who aborted
 * Postflight's verification took it out of Postflight's hands, and a canary is not advanced on no
 * verification); {@code rollback} passes only a rolled-back one (a pass makes Flagger roll back at once).
 */
public enum FlaggerHook {
    CONFIRM_PROMOTION,
    ROLLOUT,
    ROLLBACK;

    /** The status of a closed gate: not 5xx or 429, which Flagger's client would retry within one call. */
    public static final HttpStatus HALT = HttpStatus.PRECONDITION_FAILED;

    /** @param path {@code confirm-promotion}, {@code rollout} or {@code rollback} */
    public static Optional<FlaggerHook> of(String path) {
        for (FlaggerHook hook : values()) {
            if (hook.path().equals(path)) {
                return Optional.of(hook);
            }
        }
        return Optional.empty();
    }

    public String path() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether Flagger gets 200 ({@code true}) or {@link #HALT}. */
    public boolean passes(GateDecision decision) {
        return switch (this) {
            case CONFIRM_PROMOTION -> decision == GateDecision.PROMOTED;
            case ROLLOUT -> decision != GateDecision.ROLLED_BACK && decision != GateDecision.ABORTED;
            case ROLLBACK -> decision == GateDecision.ROLLED_BACK;
        };
    }
}
