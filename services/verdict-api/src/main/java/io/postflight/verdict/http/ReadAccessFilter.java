package io.postflight.verdict.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.security.authentication.Authentication;
import io.postflight.httpkit.ClientRateLimiter;
import io.postflight.httpkit.TokenCheck;
import io.postflight.verdict.VerdictApiApplication;
import io.postflight.verdict.VerdictApiConfig;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request read only with a bearer token micronaut-security-jwt validated and one of the
 * reader roles ({@code postflight.verdict-api.reader-roles}), within the client's rate (and, for
 * the verdict stream, within the subject's open streams, {@link StreamSlots}); anything
 * else is a problem document, counted by reason. Runs after micronaut-security's filter, which
 * authenticates but refuses nothing here (the controllers are anonymous to it), so every refusal
 * has one place and one count, as in the gateway's intake (docs/adr/0023). Health, metrics and
 * the OpenAPI document are outside its paths.
 */
@ServerFilter({"/deployments", "/deployments/**", "/slots/**", "/verdicts/**"})
@Requires(env = VerdictApiApplication.ENVIRONMENT)
public class ReadAccessFilter implements Ordered {
    private static final Logger LOG = LoggerFactory.getLogger(ReadAccessFilter.class);
    private final VerdictApiConfig config;
    private final TokenCheck tokens;
    private final ClientRateLimiter limiter;
    private final ApiMetrics metrics;
    private final HttpClientAddressResolver addresses;
    private final StreamSlots streams;
    private final Clock clock = Clock.systemUTC();

    public ReadAccessFilter(VerdictApiConfig config, ApiMetrics metrics, HttpClientAddressResolver addresses,
                            StreamSlots streams) {
        this.config = config;
        this.streams = streams;
        this.tokens = new TokenCheck(config.readerRoles());
        this.limiter = new ClientRateLimiter(config.requestsPerMinute(), config.burst(), config.maxClients());
        this.metrics = metrics;
        this.addresses = addresses;
    }

    /** @return {@code null} to let the request through, else the refusal */
    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        Authentication authentication = request.getUserPrincipal(Authentication.class).orElse(null);
        String principal = authentication == null ? null : authentication.getName();
        String client = principal != null ? "subject:" + principal : "address:" + addresses.resolve(request);
        if (limiter.acquire(client, System.nanoTime()) > 0) {
            return refuse(ApiRefusal.RATE_LIMITED, "more than " + config.requestsPerMinute()
                    + " requests a minute (burst " + config.burst() + ") from this client");
        }
        try {
            String subject = tokens.check(request.getHeaders().get(HttpHeaders.AUTHORIZATION), principal,
                    authentication == null ? null : authentication.getRoles(), clock.instant());
            if (request.getPath().startsWith(VerdictStreamController.PATH) && streams.full(subject)) {
                return refuse(ApiRefusal.TOO_MANY_STREAMS, "this subject has " + streams.maxPerSubject()
                        + " verdict streams open here already; close one first");
            }
            return null;
        } catch (TokenCheck.Refused refused) {
            return refuse(ApiRefusal.of(refused.fault()), refused.getMessage());
        }
    }

    private HttpResponse<?> refuse(ApiRefusal refusal, String detail) {
        metrics.refused(refusal);
        if (refusal != ApiRefusal.RATE_LIMITED) { // a flood is counted, not logged line by line
            LOG.info("verdict API refused a request: {} ({})", refusal.tag(), detail);
        }
        return refusal.response(detail);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
