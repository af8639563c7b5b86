package io.postflight.gateway;

import io.micronaut.runtime.Micronaut;

/**
 * The gateway: accepts deploy announcements (Kafka topic or HTTP), dead-letters what it cannot
 * use, and starts a verification for each new deployment.
 */
public final class GatewayApplication {
    public static final String ENVIRONMENT = "gateway";

    private GatewayApplication() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(GatewayApplication.class).defaultEnvironments(ENVIRONMENT).start();
    }
}
