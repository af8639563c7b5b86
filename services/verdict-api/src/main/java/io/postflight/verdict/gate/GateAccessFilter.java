package io.postflight.verdict.gate;

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
import io.postflight.verdict.http.ApiMetrics;
import io.postflight.verdict.http.ApiRefusal;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a gate request through only with a bearer token micronaut-security-jwt validated and one of
 * the gate roles ({@code postflight.verdict-api.gates.roles}), within the client's rate, as
 * {@code ReadAccessFilter} does for reads. One exception: a Flagger webhook without an
 * {@code Authorization} header, when webhook tokens are configured, goes on to
 * {@link FlaggerGateController}, which checks the token in its body (Flagger sends no headers).
 * Every refusal is a problem document counted in {@code postflight.api.http.refused{reason}}.
 */
@ServerFilter("/gates/**")
@Requires(env = VerdictApiApplication.ENVIRONMENT)
public class GateAccessFilter implements Ordered {
    private static final Logger LOG = LoggerFactory.getLogger(GateAccessFilter.class);
    private final VerdictApiConfig config;
    private final TokenCheck tokens;
    private final ClientRateLimiter limiter;
    private final ApiMetrics metrics;
    private final HttpClientAddressResolver addresses;
    private final Gates gates;
    private final Clock clock = Clock.systemUTC();

    public GateAccessFilter(VerdictApiConfig config, GateConfig gateConfig, ApiMetrics metrics,
                            HttpClientAddressResolver addresses, Gates gates) {
        this.config = config;
        this.tokens = new TokenCheck(gateConfig.roles());
        this.limiter = new ClientRateLimiter(config.requestsPerMinute(), config.burst(), config.maxClients());
        this.metrics = metrics;
        this.addresses = addresses;
        this.gates = gates;
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
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization == null && request.getPath().startsWith(FlaggerGateController.PATH)
                && gates.flaggerTokens().configured()) {
            return null; // the controller checks metadata.token
        }
        try {
            tokens.check(authorization, principal, authentication == null ? null : authentication.getRoles(),
                    clock.instant());
            return null;
        } catch (TokenCheck.Refused refused) {
            return refuse(ApiRefusal.of(refused.fault()), refused.getMessage());
        }
    }

    private HttpResponse<?> refuse(ApiRefusal refusal, String detail) {
        metrics.refused(refusal);
        if (refusal != ApiRefusal.RATE_LIMITED) { // a flood is counted, not logged line by line
            LOG.info("gate refused a request: {} ({})", refusal.tag(), detail);
        }
        return refusal.response(detail);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
