package io.postflight.verdict.gate;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.postflight.httpkit.RequestKeys;
import io.postflight.verdict.VerdictApiApplication;
import io.postflight.verdict.VerdictApiConfig;
import io.postflight.verdict.http.ApiMetrics;
import io.postflight.verdict.http.RequestAccess;

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
    private final RequestAccess access;
    private final boolean webhookTokens;

    public GateAccessFilter(VerdictApiConfig config, GateConfig gateConfig, ApiMetrics metrics,
                            RequestKeys clients) {
        this.access = new RequestAccess("gate", gateConfig.roles(), config, metrics, clients);
        this.webhookTokens = !gateConfig.flaggerTokens().isEmpty();
    }

    /** @return {@code null} to let the request through, else the refusal */
    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        // Without a header, a Flagger webhook's metadata.token is checked by the controller.
        return access.check(request, r -> webhookTokens && r.getPath().startsWith(FlaggerGateController.PATH));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
