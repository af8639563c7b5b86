package io.postflight.verdict.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.security.authentication.Authentication;
import io.postflight.httpkit.ClientRateLimiter;
import io.postflight.httpkit.RequestKeys;
import io.postflight.httpkit.TokenCheck;
import io.postflight.verdict.VerdictApiConfig;
import java.time.Clock;
import java.util.Collection;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission of one HTTP surface of the verdict API: the client's rate (token subject, else
 * connection address, {@link RequestKeys}), then a bearer token micronaut-security-jwt validated with one of the surface's
 * roles. Every refusal is a problem document counted in {@code postflight.api.http.refused{reason}}.
 * Shared by the reads' and the gates' filters, each with its own roles and rate budget.
 */
public final class RequestAccess {
    private static final Logger LOG = LoggerFactory.getLogger(RequestAccess.class);
    private final String surface;
    private final VerdictApiConfig config;
    private final TokenCheck tokens;
    private final ClientRateLimiter limiter;
    private final ApiMetrics metrics;
    private final RequestKeys clients;
    private final Clock clock = Clock.systemUTC();

    /** @param surface what the log calls it, e.g. {@code verdict API} */
    public RequestAccess(String surface, Collection<String> roles, VerdictApiConfig config, ApiMetrics metrics,
                         RequestKeys clients) {
        this.surface = surface;
        this.config = config;
        this.tokens = new TokenCheck(roles);
        this.limiter = new ClientRateLimiter(config.requestsPerMinute(), config.burst(), config.maxClients());
        this.metrics = metrics;
        this.clients = clients;
    }

    /**
     * @param checkedElsewhere whether a request without an {@code Authorization} header goes on, its
     *     credentials to be checked by the controller
     * @return {@code null} to let the request through, else the refusal
     */
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request, Predicate<HttpRequest<?>> checkedElsewhere) {
        return check(request, checkedElsewhere, (r, subject) -> null);
    }

    /** A refusal a surface adds once the token is good: what and why. */
    public record Refusal(ApiRefusal reason, String detail) {
    }

    /** A surface's own check of an admitted request, given the token's subject; {@code null} lets it through. */
    @FunctionalInterface
    public interface Admitted {
        @Nullable
        Refusal check(HttpRequest<?> request, String subject);
    }

    /** As {@link #check(HttpRequest, Predicate)}, then {@code admitted} for a request whose token is good. */
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request, Predicate<HttpRequest<?>> checkedElsewhere,
                                 Admitted admitted) {
        Authentication authentication = request.getUserPrincipal(Authentication.class).orElse(null);
        String principal = authentication == null ? null : authentication.getName();
        String client = clients.of(principal, request);
        if (limiter.acquire(client, System.nanoTime()) > 0) {
            return refuse(ApiRefusal.RATE_LIMITED, "more than " + config.requestsPerMinute()
                    + " requests a minute (burst " + config.burst() + ") from this client");
        }
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization == null && checkedElsewhere.test(request)) {
            return null;
        }
        try {
            String subject = tokens.check(authorization, principal,
                    authentication == null ? null : authentication.getRoles(), clock.instant());
            Refusal refusal = admitted.check(request, subject);
            return refusal == null ? null : refuse(refusal.reason(), refusal.detail());
        } catch (TokenCheck.Refused refused) {
            return refuse(ApiRefusal.of(refused.fault()), refused.getMessage());
        }
    }

    private HttpResponse<?> refuse(ApiRefusal refusal, String detail) {
        metrics.refused(refusal);
        if (refusal != ApiRefusal.RATE_LIMITED) { // a flood is counted, not logged line by line
            LOG.info("{} refused a request: {} ({})", surface, refusal.tag(), detail);
        }
        return refusal.response(detail);
    }
}
