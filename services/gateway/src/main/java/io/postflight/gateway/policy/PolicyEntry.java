package io.postflight.gateway.policy;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.postflight.contracts.InconclusiveAction;
import io.postflight.contracts.Phase;
import io.postflight.contracts.VerificationPolicy;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/**
 * One configured policy ({@code postflight.policies.<name>.*}). It applies to deployments of
 * {@code service} in {@code environment}; leave one out to match every service or every
 * environment, both out for the default policy. Every knob left out keeps the services' own
 * default (written once, in their settings records), so a policy states only what differs.
 *
 * <pre>
 * postflight:
 *   policies:
 *     checkout-prod:
 *       service: checkout
 *       environment: production
 *       error-ratio-tolerance: 1.2
 *       max-extension: 45m
 *     internal-tools:
 *       service: admin-ui
 *       on-inconclusive: PROMOTE_ON_HEALTH   # explicit opt-in: low traffic, promoted on health alone
 * </pre>
 *
 * @param name the policy's name, as written under {@code postflight.policies}
 * @param service the service it applies to; absent: every service
 * @param environment the environment it applies to; absent: every environment
 * @param phases phases a deployed or upgraded version runs (a rollback keeps {@code rollback-phases})
 * @param onInconclusive what an INCONCLUSIVE phase before any decision leads to (default HOLD)
 * @param minRequests see {@link VerificationPolicy}
 * @param errorRatioTolerance see {@link VerificationPolicy}
 * @param errorExcessTolerance see {@link VerificationPolicy}
 * @param latencyRatioTolerance see {@link VerificationPolicy}
 * @param latencyExcessTolerance see {@link VerificationPolicy}
 * @param baselineWindow see {@link VerificationPolicy}
 * @param maxExtension see {@link VerificationPolicy}
 * @param passConfidence see {@link VerificationPolicy}
 */
@EachProperty("postflight.policies")
public record PolicyEntry(@Parameter String name, @Nullable String service, @Nullable String environment,
                          @Nullable List<Phase> phases, @Nullable InconclusiveAction onInconclusive,
                          @Nullable Long minRequests, @Nullable Double errorRatioTolerance,
                          @Nullable Double errorExcessTolerance, @Nullable Double latencyRatioTolerance,
                          @Nullable Double latencyExcessTolerance, @Nullable Duration baselineWindow,
                          @Nullable Duration maxExtension, @Nullable Double passConfidence) {

    public PolicyEntry {
        service = blankToNull(service);
        environment = blankToNull(environment);
        phases = phases == null || phases.isEmpty() ? null : List.copyOf(phases);
        onInconclusive = onInconclusive == null ? InconclusiveAction.HOLD : onInconclusive;
        if (phases != null && new HashSet<>(phases).size() != phases.size()) {
            throw invalid(name, "phases", "lists a phase twice: " + phases);
        }
        if (minRequests != null && minRequests < 0) {
            throw invalid(name, "min-requests", "must not be negative: " + minRequests);
        }
        atLeastOne(name, "error-ratio-tolerance", errorRatioTolerance);
        atLeastOne(name, "latency-ratio-tolerance", latencyRatioTolerance);
        fraction(name, "error-excess-tolerance", errorExcessTolerance);
        fraction(name, "latency-excess-tolerance", latencyExcessTolerance);
        positive(name, "baseline-window", baselineWindow);
        notNegative(name, "max-extension", maxExtension);
        if (passConfidence != null && !VerificationPolicy.validPassConfidence(passConfidence)) {
            throw invalid(name, "pass-confidence", VerificationPolicy.PASS_CONFIDENCE_RULE + ": " + passConfidence);
        }
    }

    /** How this entry matches: {@code service/environment}, {@code service}, {@code environment} or {@code default}. */
    public String matchKind() {
        if (service != null && environment != null) {
            return "service/environment";
        }
        if (service != null) {
            return "service";
        }
        return environment != null ? "environment" : VerificationPolicy.DEFAULT_NAME;
    }

    /** The policy as carried in a verification. */
    public VerificationPolicy toPolicy() {
        return new VerificationPolicy(name, matchKind(), onInconclusive, minRequests, errorRatioTolerance,
                errorExcessTolerance, latencyRatioTolerance, latencyExcessTolerance, baselineWindow, maxExtension,
                passConfidence);
    }

    static IllegalArgumentException invalid(String name, String property, String why) {
        return new IllegalArgumentException("postflight.policies." + name + "." + property + " " + why);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static void atLeastOne(String name, String property, Double value) {
        if (value != null && !(value >= 1)) {
            throw invalid(name, property, "must be at least 1 (a factor above the comparison): " + value);
        }
    }

    private static void fraction(String name, String property, Double value) {
        if (value != null && !(value >= 0 && value <= 1)) {
            throw invalid(name, property, "must be a fraction of requests between 0 and 1: " + value);
        }
    }

    private static void positive(String name, String property, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw invalid(name, property, "must be positive: " + value);
        }
    }

    private static void notNegative(String name, String property, Duration value) {
        if (value != null && value.isNegative()) {
            throw invalid(name, property, "must not be negative: " + value);
        }
    }
}
