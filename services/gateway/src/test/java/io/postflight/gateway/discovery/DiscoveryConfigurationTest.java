package io.postflight.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.TargetDiscovery;
import io.postflight.gateway.GatewayApplication;
import io.postflight.testing.NoBroker;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Discovery entries bind from {@code postflight.discovery.workloads[n]}; a bad one stops the gateway, saying why. */
class DiscoveryConfigurationTest {

    private static Map<String, Object> base() {
        return NoBroker.properties();
    }

    @Test
    void entriesBindFromConfiguration() {
        Map<String, Object> props = base();
        props.put("postflight.discovery.workloads[0].environment", "prod");
        props.put("postflight.discovery.workloads[0].clusters", "eu-west-1,us-east-1");
        props.put("postflight.discovery.workloads[0].namespace", "shop");
        props.put("postflight.discovery.workloads[0].kind", "Rollout");
        props.put("postflight.discovery.workloads[0].kubernetes-service", "checkout-canary");
        props.put("postflight.discovery.workloads[0].port", 8080);
        props.put("postflight.discovery.workloads[0].max-pods", 20);
        try (ApplicationContext ctx = ApplicationContext.builder(GatewayApplication.ENVIRONMENT)
                .properties(props).deduceEnvironment(false).start()) {
            TargetDiscovery d = ctx.getBean(DiscoveryResolver.class)
                    .discoveryFor(new DeploymentRef("d", "checkout", "prod", "2", null, null)).orElseThrow();

            assertThat(d.clusters()).containsExactly("eu-west-1", "us-east-1");
            assertThat(d.namespace()).isEqualTo("shop");
            assertThat(d.kind()).isEqualTo("Rollout");
            assertThat(d.service()).isEqualTo("checkout-canary");
            assertThat(d.port()).isEqualTo(8080);
            assertThat(d.maxPods()).isEqualTo(20);
            assertThat(d.selector()).isEqualTo("app.kubernetes.io/name=checkout");
        }
    }

    @Test
    void aBadEntryStopsTheGatewayNamingIt() {
        Map<String, Object> props = base();
        props.put("postflight.discovery.workloads[0].clusters", "eu-west-1");
        props.put("postflight.discovery.workloads[0].match", "newest");
        assertThatThrownBy(() -> {
            try (ApplicationContext ctx = ApplicationContext.builder(GatewayApplication.ENVIRONMENT)
                    .properties(props).deduceEnvironment(false).start()) {
                ctx.getBean(DiscoveryResolver.class);
            }
        }).rootCause().hasMessageContaining("postflight.discovery.workloads[0]: discovery.match 'newest'");
    }
}
