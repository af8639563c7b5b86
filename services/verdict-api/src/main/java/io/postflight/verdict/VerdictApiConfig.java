package io.postflight.verdict;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;

/**
 * Verdict API settings ({@code postflight.verdict-api.*}). Every read needs a bearer token
 * (micronaut-security-jwt, {@code micronaut.security.token.jwt.signatures.*}) with one of
 * {@code reader-roles}. See docs/api.md.
 *
 * @param readerRoles roles (from the token's roles claim) that may read; any one suffices
 * @param defaultPageSize deployments per page when the request names no {@code limit}
 * @param maxPageSize the largest {@code limit} a request may ask for
 * @param requestsPerMinute sustained requests per client (token subject, else connection address, {@link io.postflight.verdict.http.ClientAddressConfig})
 * @param burst requests a client may make at once above the sustained rate
 * @param maxClients clients whose rate is tracked at once; the least recently seen is forgotten first
 * @param streamBuffer verdict changes buffered per stream client; a client further behind is dropped
 * @param maxStreamsPerSubject verdict streams one token subject may hold open at once on an instance
 * @param streamHeartbeat how often a verdict stream carries a {@code keepalive} event: a write is how
 *     the server learns a client has gone (its slot is then given back) and keeps proxies from
 *     closing a quiet stream
 * @param retention how long a deployment's history is kept after its last record (as long as the
 *     topics it is made of keep theirs, 30 days)
 * @param overdueAfter how long after its verification began (or, not seen, its deploy event) a
 *     deployment without any decision is overdue: past the decision engine's watchdog
 *     ({@code silence-timeout}, 2h, plus one check period), every deployment has one
 */
@ConfigurationProperties(VerdictApiConfig.PREFIX)
public record VerdictApiConfig(
        @NotEmpty @Bindable(defaultValue = "viewer,operator,admin") List<String> readerRoles,
        @Min(1) @Max(1000) @Bindable(defaultValue = "50") int defaultPageSize,
        @Min(1) @Max(1000) @Bindable(defaultValue = "200") int maxPageSize,
        @Min(1) @Bindable(defaultValue = "600") int requestsPerMinute,
        @Min(1) @Bindable(defaultValue = "100") int burst,
        @Min(1) @Bindable(defaultValue = "10000") int maxClients,
        @Min(1) @Max(100000) @Bindable(defaultValue = "256") int streamBuffer,
        @Min(1) @Max(10000) @Bindable(defaultValue = "5") int maxStreamsPerSubject,
        @NotNull @Bindable(defaultValue = "15s") Duration streamHeartbeat,
        @NotNull @Bindable(defaultValue = "30d") Duration retention,
        @NotNull @Bindable(defaultValue = "150m") Duration overdueAfter) {

    public static final String PREFIX = "postflight.verdict-api";
}
