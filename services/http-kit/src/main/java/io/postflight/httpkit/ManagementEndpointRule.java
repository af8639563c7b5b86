package io.postflight.httpkit;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.management.endpoint.EndpointSensitivityProcessor;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.security.rules.SensitiveEndpointRule;
import jakarta.inject.Singleton;
import java.util.Set;
import org.reactivestreams.Publisher;

/**
 * Who may read a management endpoint made sensitive ({@code endpoints.prometheus.sensitive=true},
 * {@code endpoints.health.details-visible=AUTHENTICATED}): a bearer token micronaut-security
 * validated whose roles hold {@code viewer}, {@code operator} or {@code admin}. micronaut-security
 * refuses every sensitive endpoint until a project says so (its default rule throws), and a
 * deployer's token, made for a CD system, has no business reading the service's metrics.
 */
@Singleton
@Replaces(SensitiveEndpointRule.class)
public class ManagementEndpointRule extends SensitiveEndpointRule {
    /** The roles that may read sensitive management endpoints. */
    public static final Set<String> READER_ROLES = Set.of("viewer", "operator", "admin");

    public ManagementEndpointRule(EndpointSensitivityProcessor endpointSensitivityProcessor) {
        super(endpointSensitivityProcessor);
    }

    @Override
    @NonNull
    protected Publisher<SecurityRuleResult> checkSensitiveAuthenticated(@NonNull HttpRequest<?> request,
                                                                        @NonNull Authentication authentication,
                                                                        @NonNull ExecutableMethod<?, ?> method) {
        boolean reader = authentication.getRoles().stream().anyMatch(READER_ROLES::contains);
        return Publishers.just(reader ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
    }
}
