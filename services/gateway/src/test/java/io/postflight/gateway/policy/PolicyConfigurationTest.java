package io.postflight.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.InconclusiveAction;
import io.postflight.contracts.Phase;
import io.postflight.contracts.VerificationPolicy;
import io.postflight.gateway.GatewayApplication;
import io.postflight.testing.NoBroker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Policies bind from {@code postflight.policies.<name>.*}; a bad one stops the gateway at start-up, saying why. */
class PolicyConfigurationTest {

    private static Map<String, Object> base() {
        return NoBroker.properties();
    }

    private static void startGateway(Map<String, Object> props) {
        try (ApplicationContext ctx = ApplicationContext.builder(GatewayApplication.ENVIRONMENT)
                .properties(props).deduceEnvironment(false).start()) {
            ctx.getBean(PolicyResolver.class);
        }
    }

    @Test
    void policiesBindFromConfigurationAndResolveByServiceAndEnvironment() {
        Map<String, Object> props = base();
        props.put("postflight.policies.checkout-prod.service", "checkout");
        props.put("postflight.policies.checkout-prod.environment", "prod");
        props.put("postflight.policies.checkout-prod.error-ratio-tolerance", "1.2");
        props.put("postflight.policies.checkout-prod.max-extension", "45m");
        props.put("postflight.policies.admin-ui.service", "admin-ui");
        props.put("postflight.policies.admin-ui.on-inconclusive", "PROMOTE_ON_HEALTH");
        props.put("postflight.policies.admin-ui.phases", "HEALTH,BASELINE");
        // The gateway starts (its streams keep retrying the unreachable broker in the background).
        try (ApplicationContext ctx = ApplicationContext.builder(GatewayApplication.ENVIRONMENT)
                .properties(props).deduceEnvironment(false).start()) {
            PolicyResolver r = ctx.getBean(PolicyResolver.class);

            VerificationPolicy checkout = r.policyFor(new DeploymentRef("d", "checkout", "prod", "2", null, "1"));
            assertThat(checkout.errorRatioTolerance()).isEqualTo(1.2);
            assertThat(checkout.maxExtension()).isEqualTo(Duration.ofMinutes(45));
            assertThat(checkout.onInconclusive()).isEqualTo(InconclusiveAction.HOLD);
            VerificationPolicy admin = r.policyFor(new DeploymentRef("d", "admin-ui", "prod", "2", null, "1"));
            assertThat(admin.onInconclusive()).isEqualTo(InconclusiveAction.PROMOTE_ON_HEALTH);
            assertThat(r.phasesFor(new DeploymentRef("d", "admin-ui", "prod", "2", null, "1"),
                    io.postflight.contracts.DeployAction.DEPLOYED)).containsExactly(Phase.HEALTH, Phase.BASELINE);
        }
    }

    @Test
    void aValueThatDoesNotConvertStopsStartUpNamingTheProperty() {
        Map<String, Object> props = base();
        props.put("postflight.policies.checkout-prod.service", "checkout");
        props.put("postflight.policies.checkout-prod.max-extension", "banana");
        props.put("postflight.policies.checkout-prod.on-inconclusive", "PROMOTE");

        assertThatThrownBy(() -> startGateway(props))
                .hasStackTraceContaining("postflight.policies.checkout-prod.max-extension: 'banana' is not a duration")
                .hasStackTraceContaining("postflight.policies.checkout-prod.on-inconclusive: 'PROMOTE' is not one of"
                        + " [HOLD, PROMOTE_ON_HEALTH]");
    }

    @Test
    void aMisspeltSettingStopsStartUpInsteadOfBeingIgnored() {
        Map<String, Object> props = base();
        props.put("postflight.policies.checkout-prod.service", "checkout");
        props.put("postflight.policies.checkout-prod.on-inconclusiv", "HOLD");

        assertThatThrownBy(() -> startGateway(props))
                .hasStackTraceContaining("postflight.policies.checkout-prod.on-inconclusiv: unknown setting");
    }

    @Test
    void anOutOfRangeToleranceStopsStartUpNamingTheProperty() {
        Map<String, Object> props = base();
        props.put("postflight.policies.checkout-prod.service", "checkout");
        props.put("postflight.policies.checkout-prod.error-ratio-tolerance", "0.5");

        assertThatThrownBy(() -> startGateway(props))
                .hasStackTraceContaining("postflight.policies.checkout-prod.error-ratio-tolerance must be at least 1");
    }

    @Test
    void anOptInWithoutAHealthPhaseStopsStartUp() {
        Map<String, Object> props = base();
        props.put("postflight.policies.tools.service", "admin-ui");
        props.put("postflight.policies.tools.on-inconclusive", "PROMOTE_ON_HEALTH");
        props.put("postflight.policies.tools.phases", "BASELINE");

        assertThatThrownBy(() -> startGateway(props))
                .hasStackTraceContaining("postflight.policies.tools.on-inconclusive PROMOTE_ON_HEALTH needs a HEALTH");
    }
}
