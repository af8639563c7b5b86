package io.postflight.gateway.http;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;

/**
 * Refuses to start a service whose override endpoint no operator could authenticate to: on
 * ({@code postflight.gateway.overrides.enabled}), it needs micronaut-security on and bearer-token
 * validation configured. micronaut-security follows the HTTP intake's setting by default
 * (application-gateway.yml), so an endpoint turned on alone would otherwise be served with no
 * token ever validated. Eager ({@link Context}) and in every environment the endpoint may be on
 * in, so that the check comes before the HTTP server answers anything.
 */
@Context
@Requires(property = OverridesConfig.PREFIX + ".enabled", value = "true")
public class OverridesGuard {

    public OverridesGuard(Environment environment) {
        if (!environment.getProperty("micronaut.security.enabled", Boolean.class).orElse(false)) {
            throw new ConfigurationException(OverridesConfig.PREFIX + ".enabled is true but micronaut.security.enabled"
                    + " is false: operators' bearer tokens would never be validated. Set micronaut.security.enabled:"
                    + " true (the HTTP intake turns it on; the override endpoint alone does not)");
        }
        String signatures = HttpIntakeGuard.SIGNATURES;
        boolean tokens = !environment.getPropertyEntries(signatures + ".secret").isEmpty()
                || !environment.getPropertyEntries(signatures + ".jwks").isEmpty();
        if (!tokens) {
            throw new ConfigurationException(OverridesConfig.PREFIX + ".enabled is true but no operator could"
                    + " authenticate: set " + signatures + ".secret.<name>.secret or " + signatures + ".jwks.<name>.url");
        }
    }
}
