package io.postflight.gateway.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.env.DefaultEnvironment;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.exceptions.ConfigurationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An intake that is on but that no one could authenticate to does not start. */
class HttpIntakeGuardTest {

    @Test
    void anIntakeWithNeitherTokenValidationNorAWebhookSecretDoesNotStart() {
        assertThatThrownBy(() -> new HttpIntakeGuard(IntakeCredentialsTest.config(null),
                environment(Map.of("micronaut.security.enabled", true))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("postflight.gateway.http-intake.webhook-secret")
                .hasMessageContaining("micronaut.security.token.jwt.signatures");
    }

    @Test
    void tokensWithSecurityTurnedOffDoNotStart() {
        assertThatThrownBy(() -> new HttpIntakeGuard(IntakeCredentialsTest.config(null), environment(Map.of(
                "micronaut.security.enabled", false,
                "micronaut.security.token.jwt.signatures.secret.intake.secret", HttpIntakeIT.randomSecret()))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("micronaut.security.enabled");
    }

    @Test
    void aTokenSignatureOrAWebhookSecretIsEnough() {
        assertThatCode(() -> new HttpIntakeGuard(IntakeCredentialsTest.config(null), environment(Map.of(
                "micronaut.security.enabled", true,
                "micronaut.security.token.jwt.signatures.jwks.idp.url", "https://idp.example/jwks"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> new HttpIntakeGuard(IntakeCredentialsTest.config(HttpIntakeIT.randomSecret()),
                environment(Map.of()))).doesNotThrowAnyException();
    }

    private static Environment environment(Map<String, Object> properties) {
        DefaultEnvironment environment = new DefaultEnvironment(() -> List.of("test"));
        environment.addPropertySource(PropertySource.of("test", properties));
        return environment.start();
    }
}
