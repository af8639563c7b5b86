package io.postflight.gateway;

import io.micronaut.runtime.Micronaut;

/**
 * The gateway: accepts deploy announcements from the deploy-events topic, dead-letters what it cannot
 * use, and starts a verification for each new deployment.
 */
public final class GatewayApplication {
    public static final String ENVIRONMENT = "gateway";

    private GatewayApplication() {
    }

    public static void main(String[] args) {
        // environments(), not defaultEnvironments(): the latter is dropped when Micronaut deduces
        // an environment of its own (k8s, cloud), and this service's beans would then stay off.
        Micronaut.build(args).mainClass(GatewayApplication.class).environments(ENVIRONMENT).start();
    }
}
