package io.postflight.gateway.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import java.util.List;

/**
 * Who an unauthenticated request to the HTTP intake or the override endpoint counts as for their
 * rate limits ({@code postflight.gateway.client-address.*}): the connection's peer address, and
 * the forwarding header only from trusted proxies. Micronaut's own client-address resolver reads
 * {@code Forwarded}/{@code X-Forwarded-For} from anyone, so a caller could pick a fresh key per
 * request; it is not used for rate limits.
 *
 * @param trustedProxies addresses or CIDR blocks of the load balancers or proxies in front of the
 *     gateway; empty (the default): forwarding headers are ignored and every client behind a proxy
 *     shares the proxy's limit
 * @param forwardedHeader the header those proxies append the client's address to
 */
@ConfigurationProperties(ClientAddressConfig.PREFIX)
public record ClientAddressConfig(@Nullable List<String> trustedProxies,
                                  @NotBlank @Bindable(defaultValue = "X-Forwarded-For") String forwardedHeader) {
    public static final String PREFIX = "postflight.gateway.client-address";

    public ClientAddressConfig {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }
}
