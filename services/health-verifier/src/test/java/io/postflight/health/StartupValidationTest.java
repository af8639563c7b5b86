package io.postflight.health;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration is checked at start-up: a service with a missing or bad setting refuses to start, saying which. */
class StartupValidationTest {

    private static void start(Map<String, Object> props) {
        try (ApplicationContext ctx = ApplicationContext.builder(HealthVerifierApplication.ENVIRONMENT)
                .properties(props).deduceEnvironment(false).start()) {
            ctx.getBean(HealthConfig.class);
        }
    }

    @Test
    void refusesToStartWithoutAKafkaAddressAndNamesTheSetting() {
        assertThatThrownBy(() -> start(Map.of("micronaut.server.port", -1)))
                .hasStackTraceContaining("postflight.kafka.bootstrap-servers")
                .hasStackTraceContaining("POSTFLIGHT_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void refusesANonPositiveProbeInterval() {
        assertThatThrownBy(() -> start(Map.of("micronaut.server.port", -1,
                "postflight.kafka.provision-topics", false,
                "postflight.kafka.bootstrap-servers", "127.0.0.1:1",
                "postflight.health.probe-interval", "0s")))
                .hasStackTraceContaining("postflight.health.probe-interval must be positive");
    }

    @Test
    void refusesValuesThatDoNotParseInsteadOfFallingBackToDefaults() {
        assertThatThrownBy(() -> start(Map.of("micronaut.server.port", -1,
                "postflight.kafka.provision-topics", false,
                "postflight.kafka.bootstrap-servers", "127.0.0.1:1",
                "postflight.health.probe-interval", "banana",
                "postflight.health.probe-attempts", "three")))
                .hasStackTraceContaining("postflight.health.probe-interval: 'banana' is not a duration")
                .hasStackTraceContaining("postflight.health.probe-attempts: 'three' is not a whole number");
    }

    @Test
    void refusesASwitchThatIsNeitherTrueNorFalse() {
        assertThatThrownBy(() -> start(Map.of("micronaut.server.port", -1,
                "postflight.kafka.bootstrap-servers", "127.0.0.1:1",
                "postflight.kafka.provision-topics", "banana")))
                .hasStackTraceContaining("postflight.kafka.provision-topics: 'banana' is not true or false");
    }

    @Test
    void refusesAZeroPassRun() {
        assertThatThrownBy(() -> start(Map.of("micronaut.server.port", -1,
                "postflight.kafka.provision-topics", false,
                "postflight.kafka.bootstrap-servers", "127.0.0.1:1",
                "postflight.health.pass-after-consecutive-healthy", 0)))
                .hasStackTraceContaining("passAfterConsecutiveHealthy");
    }
}
