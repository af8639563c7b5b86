package io.postflight.gateway.http;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.HttpRequest;
import io.postflight.httpkit.ClientKeys;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;

/**
 * The rate-limit key of a gateway request ({@link ClientKeys}, configured by
 * {@link ClientAddressConfig}), made at start-up so that a malformed trusted-proxy entry stops the
 * gateway rather than its first request.
 */
@Factory
public class ClientKeysFactory {

    /** A request's rate-limit key: its subject, else its client address. */
    @FunctionalInterface
    public interface RequestKeys {
        String of(String subject, HttpRequest<?> request);
    }

    @Context
    @Singleton
    RequestKeys requestKeys(ClientAddressConfig config) {
        ClientKeys keys;
        try {
            keys = new ClientKeys(config.trustedProxies());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(ClientAddressConfig.PREFIX + ".trusted-proxies: " + e.getMessage());
        }
        String header = config.forwardedHeader();
        return (subject, request) -> {
            InetSocketAddress remote = request.getRemoteAddress();
            return keys.of(subject, remote == null ? null : remote.getAddress(), request.getHeaders().getAll(header));
        };
    }
}
