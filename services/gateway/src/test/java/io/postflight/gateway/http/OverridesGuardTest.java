package io.postflight.gateway.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.DefaultEnvironment;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.exceptions.ConfigurationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An override endpoint turned on alone, with micronaut-security left to follow the HTTP intake
 * (off), never starts: the service refuses to, saying which setting to change.
 */
class OverridesGuardTest {
    private static final String SECRET_KEY = "micronaut.security.token.jwt.signatures.secret.operators.secret";

    @Test
    void aServiceWithTheOverrideEndpointOnAndSecurityOffDoesNotStart() {
        assertThatThrownBy(() -> {
            try (ApplicationContext ignored = ApplicationContext.run(Map.of(
                    OverridesConfig.PREFIX + ".enabled", true, SECRET_KEY, HttpIntakeIT.randomSecret()))) {
                // started: the endpoint would be served without any token validated
            }
        }).hasStackTraceContaining("micronaut.security.enabled is false");
    }

    @Test
    void securityOffOrNoTokenValidationIsRefusedSayingWhatToSet() {
        assertThatThrownBy(() -> new OverridesGuard(environment(Map.of(SECRET_KEY, HttpIntakeIT.randomSecret()))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("Set micronaut.security.enabled: true");
        assertThatThrownBy(() -> new OverridesGuard(environment(Map.of("micronaut.security.enabled", true))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("micronaut.security.token.jwt.signatures.secret.<name>.secret");
    }

    @Test
    void securityOnWithTokenValidationStarts() {
        assertThatCode(() -> new OverridesGuard(environment(Map.of("micronaut.security.enabled", true,
                "micronaut.security.token.jwt.signatures.jwks.idp.url", "https://idp.example/jwks"))))
                .doesNotThrowAnyException();
    }

    private static Environment environment(Map<String, Object> properties) {
        DefaultEnvironment environment = new DefaultEnvironment(() -> List.of("test"));
        environment.addPropertySource(PropertySource.of("test", properties));
        return environment.start();
    }
}
