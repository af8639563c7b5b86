package io.postflight.drift;

import io.micronaut.runtime.Micronaut;

/**
 * The drift verifier: watches a version for hours after it was promoted (memory leaks, CPU
 * creep, disk growth) and publishes FAILED as soon as the drift judge sees one, PASSED at the
 * end of the phase, or INCONCLUSIVE when the data did not allow a judgement.
 */
public final class DriftVerifierApplication {
    /** Micronaut environment that switches this service's beans and configuration on. */
    public static final String ENVIRONMENT = "drift";

    private DriftVerifierApplication() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(DriftVerifierApplication.class)
                .environments(ENVIRONMENT).start();
    }
}
