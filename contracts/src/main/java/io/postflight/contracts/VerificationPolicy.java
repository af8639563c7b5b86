package io.postflight.contracts;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Duration;
import java.util.Objects;

/**
 * The per-service/environment policy the gateway resolved for one deployment, carried in its
 * {@link VerificationStarted} so that every verifier and the decision engine apply the same one,
 * even when the configuration changes while the deployment is verified. A {@code null} knob means
 * the verifier's own configured default. Durations are written as ISO-8601 strings ({@code PT45M}).
 *
 * @param name the configured policy's name ({@code default} when none matched)
 * @param matched how it was matched: {@code service/environment}, {@code service}, {@code environment}
 *     or {@code default}
 * @param onInconclusive what an INCONCLUSIVE phase before any decision leads to
 * @param minRequests requests each side needs in the baseline window for a PASS
 * @param errorRatioTolerance baseline: the candidate's error rate must exceed the comparison's by
 *     this factor to count as a regression (at least 1)
 * @param errorExcessTolerance ... and by at least this fraction of requests (0 to 1)
 * @param latencyRatioTolerance baseline: same for the share of slow requests (at least 1)
 * @param latencyExcessTolerance ... and by at least this fraction of requests (0 to 1)
 * @param baselineWindow how long the candidate is watched before the baseline phase can pass
 * @param maxExtension how long an INCONCLUSIVE baseline keeps looking past the phase's end
 * @param passConfidence baseline: {@code 0} passes a window without a regression; in (0, 1) a PASS
 *     also needs the candidate shown within the tolerances at this one-sided confidence
 */
public record VerificationPolicy(String name, String matched, InconclusiveAction onInconclusive, Long minRequests,
                                 Double errorRatioTolerance, Double errorExcessTolerance,
                                 Double latencyRatioTolerance, Double latencyExcessTolerance,
                                 @JsonFormat(shape = JsonFormat.Shape.STRING) Duration baselineWindow,
                                 @JsonFormat(shape = JsonFormat.Shape.STRING) Duration maxExtension,
                                 Double passConfidence) {

    public static final String DEFAULT_NAME = "default";

    /** The policy when nothing is configured: every knob at the services' defaults, HOLD on INCONCLUSIVE. */
    public static final VerificationPolicy DEFAULT = new VerificationPolicy(DEFAULT_NAME, DEFAULT_NAME,
            InconclusiveAction.HOLD, null, null, null, null, null, null, null, null);

    public VerificationPolicy {
        Objects.requireNonNull(name, "name");
        matched = matched == null ? DEFAULT_NAME : matched;
        onInconclusive = onInconclusive == null ? InconclusiveAction.HOLD : onInconclusive;
        // The rules of the schema, so that a record breaking them is refused at decode (a dead
        // letter with the rule), never half-applied by a verifier.
        if (minRequests != null && minRequests < 0
                || errorRatioTolerance != null && !(errorRatioTolerance >= 1)
                || latencyRatioTolerance != null && !(latencyRatioTolerance >= 1)
                || errorExcessTolerance != null && !(errorExcessTolerance >= 0 && errorExcessTolerance <= 1)
                || latencyExcessTolerance != null && !(latencyExcessTolerance >= 0 && latencyExcessTolerance <= 1)) {
            throw new IllegalArgumentException("policy " + name + ": min-requests must not be negative, ratio"
                    + " tolerances must be at least 1, excess tolerances between 0 and 1");
        }
        if (passConfidence != null && !validPassConfidence(passConfidence)) {
            throw new IllegalArgumentException("policy " + name + ": pass-confidence " + PASS_CONFIDENCE_RULE);
        }
        if (baselineWindow != null && (baselineWindow.isNegative() || baselineWindow.isZero())
                || maxExtension != null && maxExtension.isNegative()) {
            throw new IllegalArgumentException("policy " + name + ": baseline-window must be positive, max-extension"
                    + " must not be negative");
        }
    }

    /** A policy that leaves the pass confidence at the verifier's default (records written before it existed). */
    public VerificationPolicy(String name, String matched, InconclusiveAction onInconclusive, Long minRequests,
                              Double errorRatioTolerance, Double errorExcessTolerance, Double latencyRatioTolerance,
                              Double latencyExcessTolerance, Duration baselineWindow, Duration maxExtension) {
        this(name, matched, onInconclusive, minRequests, errorRatioTolerance, errorExcessTolerance,
                latencyRatioTolerance, latencyExcessTolerance, baselineWindow, maxExtension, null);
    }

    /** What a pass confidence must be, in the words every refusal uses. */
    public static final String PASS_CONFIDENCE_RULE = "must be 0 (off) or from 0.5 up to (not including) 1";

    /**
     * Whether {@code c} is a pass confidence: 0 (no proof needed) or a confidence of at least one
     * half (below it the "upper" bound would lie under the estimate).
     */
    public static boolean validPassConfidence(double c) {
        return c == 0 || (c >= 0.5 && c < 1);
    }

    /** The policy of a record that carries none (written before policies existed): the default. */
    public static VerificationPolicy orDefault(VerificationPolicy policy) {
        return policy == null ? DEFAULT : policy;
    }

    /** Whether an INCONCLUSIVE baseline may be promoted on HEALTH alone (the explicit opt-in). */
    public boolean promotesOnHealth() {
        return onInconclusive == InconclusiveAction.PROMOTE_ON_HEALTH;
    }

    /** One line for a decision's evidence, e.g. "policy checkout-prod (service/environment): on-inconclusive HOLD". */
    public String describe() {
        return "policy " + name + " (" + matched + "): on-inconclusive " + onInconclusive
                + (promotesOnHealth() ? " (opt-in)" : "");
    }
}
