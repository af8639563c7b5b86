package io.postflight.decision;

import io.postflight.contracts.Evidence;
import io.postflight.contracts.VerificationPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The policy a decision was taken under, as one evidence item: an on-call engineer reading a
 * PROMOTE of a deployment whose baseline was INCONCLUSIVE must see at once that it was the
 * service's own opt-in, and a HOLD must say that it was the policy that held.
 */
final class PolicyEvidence {
    static final String CHECK = "policy";

    private PolicyEvidence() {
    }

    static Evidence of(VerificationPolicy policy) {
        Map<String, Double> figures = new HashMap<>();
        put(figures, "minRequests", policy.minRequests() == null ? null : policy.minRequests().doubleValue());
        put(figures, "errorRatioTolerance", policy.errorRatioTolerance());
        put(figures, "errorExcessTolerance", policy.errorExcessTolerance());
        put(figures, "latencyRatioTolerance", policy.latencyRatioTolerance());
        put(figures, "latencyExcessTolerance", policy.latencyExcessTolerance());
        put(figures, "baselineWindowSeconds", seconds(policy.baselineWindow()));
        put(figures, "maxExtensionSeconds", seconds(policy.maxExtension()));
        put(figures, "passConfidence", policy.passConfidence());
        return new Evidence(CHECK, false, policy.describe(), figures, Map.of("policy", policy.name(),
                "matched", policy.matched(), "onInconclusive", policy.onInconclusive().name()));
    }

    private static Double seconds(Duration d) {
        return d == null ? null : (double) d.toSeconds();
    }

    private static void put(Map<String, Double> figures, String name, Double value) {
        if (value != null) {
            figures.put(name, value);
        }
    }
}
