package io.postflight.verdict.http;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.postflight.httpkit.RequestKeys;
import io.postflight.verdict.VerdictApiApplication;
import jakarta.inject.Singleton;

/**
 * The verdict API's rate-limit keys ({@link RequestKeys}, configured by {@link ClientAddressConfig}),
 * made at start-up so that a malformed trusted-proxy entry stops the service rather than its first
 * request.
 */
@Factory
@Requires(env = VerdictApiApplication.ENVIRONMENT)
public class ClientKeysFactory {

    @Context
    @Singleton
    RequestKeys requestKeys(ClientAddressConfig config) {
        return RequestKeys.configured(ClientAddressConfig.PREFIX, config.trustedProxies(), config.forwardedHeader());
    }
}
