package io.postflight.verdict.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postflight.verdict.TestApi;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A malformed release policy stops start-up naming its property; a good one is there from the start.
 * The context is a real one (its start-up checks want a broker: the in-JVM one).
 */
class ReleasePoliciesStartupIT {
    private static final String PROD = "postflight.verdict-api.release-gate.environments.prod.";

    /** The verdict API as it starts in production, with {@code keysAndValues} added. */
    private static TestApi run(String... keysAndValues) throws Exception {
        Map<String, Object> props = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return TestApi.start("release-policies-it-" + java.util.UUID.randomUUID(), props);
    }

    @Test
    void aMalformedWindowStopsStartUp() {
        assertThatThrownBy(() -> run(PROD + "lower-environment", "staging",
                PROD + "windows[0]", "always").close())
                .rootCause().hasMessageContaining(PROD + "windows[0]");
    }

    @Test
    void aPolicyWithoutLowerEnvironmentStopsStartUp() {
        assertThatThrownBy(() -> run(PROD + "soak", "2h").close())
                .rootCause().hasMessageContaining(PROD + "lower-environment");
    }

    @Test
    void aGoodPolicyIsBoundAtStartUp() throws Exception {
        try (TestApi api = run(PROD + "lower-environment", "staging", PROD + "soak", "2h")) {
            ReleasePolicies policies = api.context().getBean(ReleasePolicies.class);
            assertThat(policies.of("prod").soak()).hasHours(2);
            assertThat(policies.has("staging")).isFalse();
        }
    }
}
