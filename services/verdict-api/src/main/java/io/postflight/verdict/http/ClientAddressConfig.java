package io.postflight.verdict.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import java.util.List;

/**
 * Who an anonymous request to the verdict API counts as for its rate limits
 * ({@code postflight.verdict-api.client-address.*}), as on the gateway: the connection's peer
 * address, and the forwarding header only from trusted proxies ({@link io.postflight.httpkit.RequestKeys}).
 *
 * @param trustedProxies addresses or CIDR blocks of the load balancers or ingress controllers in
 *     front of the API; empty (the default): forwarding headers are ignored and every client behind
 *     a proxy shares the proxy's limit
 * @param forwardedHeader the header those proxies append the client's address to
 */
@ConfigurationProperties(ClientAddressConfig.PREFIX)
public record ClientAddressConfig(@Nullable List<String> trustedProxies,
                                  @NotBlank @Bindable(defaultValue = "X-Forwarded-For") String forwardedHeader) {
    public static final String PREFIX = "postflight.verdict-api.client-address";

    public ClientAddressConfig {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }
}
