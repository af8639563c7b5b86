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
        Micronaut.build(args).mainClass(DecisionEngineApplication.class)
                .defaultEnvironments(ENVIRONMENT).start();
    }
}
