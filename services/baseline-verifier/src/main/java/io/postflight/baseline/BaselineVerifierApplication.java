package io.postflight.baseline;

import io.micronaut.runtime.Micronaut;

/**
 * The baseline verifier: once a new deployment's health phase has passed, compares its error rate
 * and latency with the previous version's (concurrent control, else the window just before the
 * deployment) and publishes PASSED, FAILED or INCONCLUSIVE to the phase-results topic.
 */
public final class BaselineVerifierApplication {
    /** Micronaut environment that switches this service's beans and configuration on. */
    public static final String ENVIRONMENT = "baseline";

    private BaselineVerifierApplication() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(BaselineVerifierApplication.class)
                .environments(ENVIRONMENT).start();
    }
}
