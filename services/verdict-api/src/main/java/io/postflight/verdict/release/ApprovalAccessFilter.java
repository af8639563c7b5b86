package io.postflight.verdict.release;

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
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Lets a request record an approval or an emergency exception only with a bearer token
 * micronaut-security-jwt validated and an approver or emergency role
 * ({@code postflight.verdict-api.release-gate.approver-roles}, {@code .emergency-roles}), within the
 * client's rate; which of the two each endpoint needs, {@link ApprovalController} checks. Every
 * refusal is a problem document, counted.
 */
@ServerFilter({ApprovalController.APPROVALS + "/**", ApprovalController.EXCEPTIONS + "/**"})
@Requires(env = VerdictApiApplication.ENVIRONMENT)
public class ApprovalAccessFilter implements Ordered {
    private final RequestAccess access;

    public ApprovalAccessFilter(VerdictApiConfig config, ReleaseGateConfig gate, ApiMetrics metrics,
                                RequestKeys clients) {
        Set<String> roles = new LinkedHashSet<>(gate.approverRoles());
        roles.addAll(gate.emergencyRoles());
        this.access = new RequestAccess("release gate records", roles, config, metrics, clients);
    }

    /** @return {@code null} to let the request through, else the refusal */
    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        return access.check(request, r -> false);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
