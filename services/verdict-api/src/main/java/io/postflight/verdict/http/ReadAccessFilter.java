package io.postflight.verdict.http;

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

/**
 * Lets a request read only with a bearer token micronaut-security-jwt validated and one of the
 * reader roles ({@code postflight.verdict-api.reader-roles}), within the client's rate (and, for
 * the verdict stream, within the subject's open streams, {@link StreamSlots}); anything
 * else is a problem document, counted by reason. Runs after micronaut-security's filter, which
 * authenticates but refuses nothing here (the controllers are anonymous to it), so every refusal
 * has one place and one count, as in the gateway's intake (docs/adr/0023). Health, metrics and
 * the OpenAPI document are outside its paths.
 */
@ServerFilter({"/deployments", "/deployments/**", "/slots/**", "/verdicts/**", DeliveryController.PATH,
        DeliveryController.PATH + "/**", RollbackController.PATH, RollbackController.PATH + "/**"})
@Requires(env = VerdictApiApplication.ENVIRONMENT)
public class ReadAccessFilter implements Ordered {
    private final RequestAccess access;
    private final StreamSlots streams;

    public ReadAccessFilter(VerdictApiConfig config, ApiMetrics metrics, RequestKeys clients,
                            StreamSlots streams) {
        this.access = new RequestAccess("verdict API", config.readerRoles(), config, metrics, clients);
        this.streams = streams;
    }

    /** @return {@code null} to let the request through, else the refusal */
    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        return access.check(request, r -> false, (r, subject) ->
                r.getPath().startsWith(VerdictStreamController.PATH) && streams.full(subject)
                        ? new RequestAccess.Refusal(ApiRefusal.TOO_MANY_STREAMS, "this subject has "
                                + streams.maxPerSubject() + " verdict streams open here already; close one first")
                        : null);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
