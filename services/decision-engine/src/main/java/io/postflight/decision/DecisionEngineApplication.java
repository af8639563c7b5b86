package io.postflight.decision;

import io.micronaut.runtime.Micronaut;

/**
 * The decision engine: turns phase results into ROLLBACK, PROMOTE or HOLD decisions, keeps the
 * verdict topic current and raises alerts for on-call.
 */
public final class DecisionEngineApplication {
    public static final String ENVIRONMENT = "decision";

    private DecisionEngineApplication() {
    }

    public static void main(String[] args) {
        // environments(), not defaultEnvironments(): the latter is dropped when Micronaut deduces
        // an environment of its own (k8s, cloud), and this service's beans would then stay off.
        Micronaut.build(args).mainClass(DecisionEngineApplication.class)
                .environments(ENVIRONMENT).start();
    }
}
