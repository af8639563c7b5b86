package io.postflight.health;

import io.micronaut.runtime.Micronaut;

/**
 * The health verifier: probes every instance of a new deployment during the health phase and
 * publishes PASSED, FAILED or INCONCLUSIVE to the phase-results topic.
 */
public final class HealthVerifierApplication {
    /** Micronaut environment that switches this service's beans and configuration on. */
    public static final String ENVIRONMENT = "health";

    private HealthVerifierApplication() {
    }

    public static void main(String[] args) {
        // environments(), not defaultEnvironments(): the latter is dropped when Micronaut deduces
        // an environment of its own (k8s, cloud), and this service's beans would then stay off.
        Micronaut.build(args).mainClass(HealthVerifierApplication.class)
                .environments(ENVIRONMENT).start();
    }
}
