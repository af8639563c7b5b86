package io.postflight.gateway.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;

/**
 * Override endpoint settings ({@code postflight.gateway.overrides.*}). Off unless {@code enabled};
 * on, every request needs a bearer token (micronaut-security-jwt, as for the HTTP intake) whose
 * roles hold one of {@code operator-roles}. See docs/overrides.md.
 *
 * @param enabled serve {@code POST /deployments/{id}/overrides}
 * @param operatorRoles roles (from the token's roles claim, {@code micronaut.security.token.roles-name})
 *     that may override; any one suffices
 * @param requestsPerMinute sustained override requests per client (token subject, else source address)
 * @param burst override requests a client may make at once above the sustained rate
 * @param maxClients clients whose rate is tracked at once; the least recently seen is forgotten first
 * @param maxRequestBytes largest request body
 * @param sendTimeout longest wait for the broker's acknowledgement of the override; then 503
 * @param auditWait how long, after the acknowledgement, the answer waits (without holding a thread)
 *     for the override's audit record: 200 or 409 when it comes in time, else 202 (pending)
 * @param retryAfter what a 503 or 429 tells the caller to wait
 */
@ConfigurationProperties(OverridesConfig.PREFIX)
public record OverridesConfig(
        @Bindable(defaultValue = "false") boolean enabled,
        @NotEmpty @Bindable(defaultValue = "operator,admin") List<String> operatorRoles,
        @Min(1) @Bindable(defaultValue = "30") int requestsPerMinute,
        @Min(1) @Bindable(defaultValue = "10") int burst,
        @Min(1) @Bindable(defaultValue = "10000") int maxClients,
        @Min(256) @Max(1024 * 1024) @Bindable(defaultValue = "16384") int maxRequestBytes,
        @NotNull @Bindable(defaultValue = "10s") Duration sendTimeout,
        @NotNull @Bindable(defaultValue = "5s") Duration auditWait,
        @NotNull @Bindable(defaultValue = "10s") Duration retryAfter) {

    public static final String PREFIX = "postflight.gateway.overrides";
    /** Where overrides are posted; {@code {id}} is the deployment id. */
    public static final String PATH = "/deployments/{id}/overrides";
}
