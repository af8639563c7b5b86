package io.postflight.discovery;

import io.micronaut.runtime.Micronaut;

/**
 * The discovery service: watches the pods of each discovered verification's new version and
 * publishes what it sees on {@code postflight.targets} until the health phase is over.
 */
public final class DiscoveryApplication {
    /** Micronaut environment that switches this service's beans and configuration on. */
    public static final String ENVIRONMENT = "discovery";

    private DiscoveryApplication() {
    }

    public static void main(String[] args) {
        // environments(), not defaultEnvironments(): the latter is dropped when Micronaut deduces
        // an environment of its own (k8s, cloud), and this service's beans would then stay off.
        Micronaut.build(args).mainClass(DiscoveryApplication.class)
                .environments(ENVIRONMENT).start();
    }
}
