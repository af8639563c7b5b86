package io.postflight.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.TargetDiscovery;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which workload a deployment's pods are discovered from, and what a bad entry stops at start-up. */
class DiscoveryResolverTest {

    private static DeploymentRef deployment(String service, String environment) {
        return new DeploymentRef("d-1", service, environment, "1.2.3", "sha256:" + "a".repeat(64), null);
    }

    private static DiscoveryEntry entry(int index, String service, String environment, String namespace, String name) {
        return new DiscoveryEntry(index, service, environment, List.of("eu-west-1"), namespace, null, name, null,
                null, null, null, null, null, null);
    }

    @Test
    void theMostSpecificEntryAppliesAndDefaultsFillTheRest() {
        DiscoveryResolver r = new DiscoveryResolver(List.of(entry(0, null, null, "apps", null),
                entry(1, null, "prod", null, null), entry(2, "checkout", null, "shop", "checkout-web"),
                entry(3, "checkout", "prod", "shop-prod", "checkout")));

        TargetDiscovery exact = r.discoveryFor(deployment("checkout", "prod")).orElseThrow();
        assertThat(exact.namespace()).isEqualTo("shop-prod");
        assertThat(exact.name()).isEqualTo("checkout");
        assertThat(exact.selector()).isNull();
        assertThat(exact.service()).as("the Service defaults to the workload's name").isEqualTo("checkout");

        TargetDiscovery byService = r.discoveryFor(deployment("checkout", "staging")).orElseThrow();
        assertThat(byService.namespace()).isEqualTo("shop");
        assertThat(byService.service()).isEqualTo("checkout-web");

        TargetDiscovery byEnvironment = r.discoveryFor(deployment("search", "prod")).orElseThrow();
        assertThat(byEnvironment.namespace()).as("the environment's name").isEqualTo("prod");
        assertThat(byEnvironment.name()).isNull();
        assertThat(byEnvironment.selector()).isEqualTo("app.kubernetes.io/name=search");
        assertThat(byEnvironment.service()).isEqualTo("search");
        assertThat(byEnvironment.portName()).isEqualTo("http");
        assertThat(byEnvironment.kind()).isEqualTo("auto");
        assertThat(byEnvironment.match()).isEqualTo("digest");
        assertThat(byEnvironment.maxPods()).isEqualTo(TargetDiscovery.DEFAULT_MAX_PODS);

        assertThat(r.discoveryFor(deployment("search", "dev")).orElseThrow().namespace()).isEqualTo("apps");
        assertThat(r.enabled()).isTrue();
    }

    @Test
    void withoutEntriesNothingIsDiscovered() {
        DiscoveryResolver none = new DiscoveryResolver(List.of());
        assertThat(none.enabled()).isFalse();
        assertThat(none.discoveryFor(deployment("checkout", "prod"))).isEmpty();
        assertThat(new DiscoveryResolver(List.of(entry(0, "search", null, null, null)))
                .discoveryFor(deployment("checkout", "prod"))).isEmpty();
    }

    @Test
    void aNamespaceTakenFromAnEnvironmentThatIsNoDnsLabelDiscoversNothing() {
        DiscoveryResolver r = new DiscoveryResolver(List.of(entry(0, null, null, null, null)));
        assertThat(r.discoveryFor(deployment("checkout", "Prod_EU"))).isEmpty();
        assertThat(r.discoveryFor(deployment("checkout", "prod-eu"))).isPresent();
    }

    @Test
    void aBadEntryStopsStartUpNamingItsProperty() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DiscoveryResolver(List.of(
                entry(0, "checkout", "prod", null, null), entry(1, "checkout", "prod", null, null))))
                .withMessageContaining("postflight.discovery.workloads[0] and postflight.discovery.workloads[1] both"
                        + " apply to service checkout in environment prod");
        assertThatIllegalArgumentException().isThrownBy(() -> new DiscoveryResolver(List.of(new DiscoveryEntry(0,
                null, null, List.of(), null, null, null, null, null, null, null, null, null, null))))
                .withMessageContaining("postflight.discovery.workloads[0]: discovery.clusters is empty");
        assertThatIllegalArgumentException().isThrownBy(() -> new DiscoveryResolver(List.of(new DiscoveryEntry(3,
                null, null, List.of("c1"), "Shop", null, null, null, null, null, null, null, null, null))))
                .withMessageContaining("postflight.discovery.workloads[3]: discovery.namespace 'Shop' is not a DNS-1123 label");
        assertThatIllegalArgumentException().isThrownBy(() -> new DiscoveryResolver(List.of(new DiscoveryEntry(0,
                null, null, List.of("c1"), null, "DaemonSet", null, null, null, null, null, null, null, null))))
                .withMessageContaining("discovery.kind 'DaemonSet'");
        assertThatIllegalArgumentException().isThrownBy(() -> new DiscoveryResolver(List.of(new DiscoveryEntry(0,
                null, null, List.of("c1"), null, null, "web", "app=web", null, null, null, null, null, null))))
                .withMessageContaining("sets both name and selector");
        assertThatIllegalArgumentException().isThrownBy(() -> new DiscoveryResolver(List.of(new DiscoveryEntry(0,
                null, null, List.of("c1"), null, null, null, null, null, null, 0, null, null, null))))
                .withMessageContaining("discovery.port 0 is not in 1..65535");
        assertThatIllegalArgumentException().isThrownBy(() -> new DiscoveryResolver(List.of(new DiscoveryEntry(0,
                null, null, List.of("c1"), null, null, null, null, null, null, null, null, null, 0))))
                .withMessageContaining("postflight.discovery.workloads[0].max-pods must be at least 1: 0");
    }
}
