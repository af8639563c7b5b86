package io.postflight.gateway.http;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.postflight.gateway.GatewayApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to start an HTTP intake that no one could authenticate to: on, it needs bearer-token
 * validation ({@code micronaut.security.token.jwt.signatures.secret.*} or {@code .jwks.*}) or a
 * webhook secret. An intake that accepted anything is never the result of a missing setting.
 */
@Context
@Requires(env = GatewayApplication.ENVIRONMENT)
@Requires(property = HttpIntakeConfig.PREFIX + ".enabled", value = "true")
public class HttpIntakeGuard {
    static final String SIGNATURES = "micronaut.security.token.jwt.signatures";
    private static final Logger LOG = LoggerFactory.getLogger(HttpIntakeGuard.class);

    public HttpIntakeGuard(HttpIntakeConfig config, Environment environment) {
        boolean tokens = !environment.getPropertyEntries(SIGNATURES + ".secret").isEmpty()
                || !environment.getPropertyEntries(SIGNATURES + ".jwks").isEmpty();
        boolean security = environment.getProperty("micronaut.security.enabled", Boolean.class).orElse(false);
        if (!tokens && !config.webhooksOn()) {
            throw new ConfigurationException(HttpIntakeConfig.PREFIX + ".enabled is true but no caller could"
                    + " authenticate: set " + SIGNATURES + ".secret.<name>.secret or " + SIGNATURES
                    + ".jwks.<name>.url (bearer tokens), or " + HttpIntakeConfig.PREFIX + ".webhook-secret");
        }
        if (tokens && !security) {
            throw new ConfigurationException("micronaut.security.enabled is false: bearer tokens for the HTTP intake"
                    + " would never be validated; leave it to follow " + HttpIntakeConfig.PREFIX + ".enabled");
        }
        LOG.info("HTTP intake on at POST {}: bearer tokens with role '{}' {}, signed webhooks {}",
                HttpIntakeConfig.PATH, config.deployerRole(), tokens ? "accepted" : "not configured",
                config.webhooksOn() ? "accepted (" + config.signatureHeader() + ")" : "not configured");
    }
}
