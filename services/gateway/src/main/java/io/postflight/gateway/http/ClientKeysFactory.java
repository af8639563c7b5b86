package io.postflight.gateway.http;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.postflight.gateway.GatewayApplication;
import io.postflight.httpkit.RequestKeys;
import jakarta.inject.Singleton;

/**
 * The gateway's rate-limit keys ({@link RequestKeys}, configured by {@link ClientAddressConfig}),
 * made at start-up so that a malformed trusted-proxy entry stops the gateway rather than its first
 * request. Only in the gateway's environment: the all-in-one launcher puts every service on one
 * class path, and the verdict API makes its own.
 */
@Factory
@Requires(env = GatewayApplication.ENVIRONMENT)
public class ClientKeysFactory {

    @Context
    @Singleton
    RequestKeys requestKeys(ClientAddressConfig config) {
        return RequestKeys.configured(ClientAddressConfig.PREFIX, config.trustedProxies(), config.forwardedHeader());
    }
}
