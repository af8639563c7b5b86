package io.postflight.contracts;

import static io.postflight.contracts.RecordSchemasTest.DEPLOYMENT;
import static io.postflight.contracts.RecordSchemasTest.DISCOVERY;
import static io.postflight.contracts.RecordSchemasTest.SNAPSHOT;
import static io.postflight.contracts.RecordSchemasTest.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules a discovery snapshot and a discovery request are read by, beyond their JSON shape:
 * what a reader refuses (a dead letter naming the rule) and the bound that keeps the largest
 * snapshot one Kafka record.
 */
class TargetsChangedTest {

    private static TargetsChanged withPods(List<TargetsChanged.Pod> pods) {
        return new TargetsChanged(null, DEPLOYMENT, 1, T0, null, null, pods, true, null);
    }

    private static TargetsChanged.Pod pod(String instance, String url, List<TargetsChanged.Container> containers) {
        return new TargetsChanged.Pod(instance, "c1", "shop", "p", url, T0, "Running", true, containers, null);
    }

    @Test
    void aValidSnapshotIsReadAsItIs() {
        assertThat(SNAPSHOT.checked()).isEqualTo(SNAPSHOT);
        assertThat(SNAPSHOT.slot()).isEqualTo("checkout/prod");
    }

    @Test
    void eachBrokenRuleIsNamed() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TargetsChanged(null, DEPLOYMENT, 0, T0, null, null,
                null, true, null).checked()).withMessage("sequence 0 must be at least 1");
        assertThatIllegalArgumentException().isThrownBy(() -> new TargetsChanged(null, DEPLOYMENT, 1, T0, "kubectl",
                null, null, true, null).checked()).withMessageContaining("source must be kubernetes-api");
        assertThatIllegalArgumentException().isThrownBy(() -> new TargetsChanged(null, DEPLOYMENT, 1, T0, null, null,
                null, false, null).checked()).withMessage("an incomplete snapshot must say why (problem)");
        assertThatIllegalArgumentException().isThrownBy(() -> withPods(List.of(pod("a", "ftp://10.0.0.1", List.of())))
                .checked()).withMessageStartingWith("pods[0].url: target URL must be http or https");
        assertThatIllegalArgumentException().isThrownBy(() -> withPods(List.of(pod("a", null, List.of()),
                pod("a", null, List.of()))).checked()).withMessage("pods[1].instance 'a' appears twice");
        assertThatIllegalArgumentException().isThrownBy(() -> withPods(List.of(pod("a", null, List.of(
                new TargetsChanged.Container("app", false, 0, "Crash\nLoop", null, null))))).checked())
                .withMessageStartingWith("pods[0].containers[0].waitingReason");
        assertThatIllegalArgumentException().isThrownBy(() -> withPods(List.of(pod("a", null, List.of(
                new TargetsChanged.Container("app", false, 0, "R".repeat(65), null, null))))).checked())
                .withMessageContaining("above 64");
        assertThatIllegalArgumentException().isThrownBy(() -> withPods(List.of(pod("a", null, List.of(
                new TargetsChanged.Container("app", false, -1, null, null, null))))).checked())
                .withMessage("pods[0].containers[0].restarts must not be negative");
    }

    @Test
    void aSnapshotHasAtMostMaxPodsEachWithAtMostMaxContainers() {
        List<TargetsChanged.Pod> pods = new ArrayList<>();
        for (int i = 0; i <= TargetDiscovery.MAX_PODS; i++) {
            pods.add(pod("p" + i, null, List.of()));
        }
        assertThatIllegalArgumentException().isThrownBy(() -> withPods(pods).checked())
                .withMessage("251 pods, above 250");
        assertThat(withPods(pods.subList(0, TargetDiscovery.MAX_PODS)).checked().pods()).hasSize(250);

        List<TargetsChanged.Container> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add(new TargetsChanged.Container("c" + i, i == 0, 0, null, null, null));
        }
        assertThatIllegalArgumentException().isThrownBy(() -> withPods(List.of(pod("a", null, nine))).checked())
                .withMessage("pods[0] has 9 containers, above 8");
    }

    @Test
    void theLargestSnapshotIsOneKafkaRecord() throws Exception {
        // Every name at its longest, every container with both reasons and an IPv6 address: the
        // worst a discovery service can publish still fits Kafka's default 1 MiB record.
        String label = "a".repeat(63);
        List<TargetsChanged.Container> containers = new ArrayList<>();
        for (int i = 0; i < TargetsChanged.MAX_CONTAINERS; i++) {
            containers.add(new TargetsChanged.Container(("c" + i + "-" + label).substring(0, 63), i == 0,
                    Integer.MAX_VALUE, "R".repeat(64), T0, "T".repeat(64)));
        }
        List<TargetsChanged.Pod> pods = new ArrayList<>();
        for (int i = 0; i < TargetDiscovery.MAX_PODS; i++) {
            String name = (i + "-" + "p".repeat(253)).substring(0, 253);
            pods.add(new TargetsChanged.Pod((i + "-" + "i".repeat(253)).substring(0, 253), label, label, name,
                    "http://[fd00:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535", T0, "P".repeat(64), true, containers, T0));
        }
        TargetsChanged largest = new TargetsChanged(null, DEPLOYMENT, Long.MAX_VALUE, T0, null,
                List.of(new TargetsChanged.Workload(label, label, "Deployment", "w".repeat(253), "r".repeat(64),
                        Integer.MAX_VALUE, true)), pods, false, "x".repeat(TargetsChanged.MAX_PROBLEM));

        byte[] json = Json.MAPPER.writeValueAsBytes(largest.checked());

        assertThat(json.length).isLessThan(1024 * 1024);
    }

    @Test
    void aDiscoveryRequestIsCheckedWithTheVerification() {
        VerificationStarted discovered = new VerificationStarted(null, DEPLOYMENT, DeployAction.DEPLOYED, null, null,
                T0, null, null, null, DISCOVERY);
        assertThat(discovered.checked().discovery()).isEqualTo(DISCOVERY);
        assertThat(discovered.discovered()).isTrue();
        assertThat(new VerificationStarted(null, DEPLOYMENT, null, RecordSchemasTest.TARGETS, null, T0, null)
                .discovered()).isFalse();

        assertThatIllegalArgumentException().isThrownBy(() -> new VerificationStarted(null, DEPLOYMENT,
                DeployAction.DEPLOYED, RecordSchemasTest.TARGETS, null, T0, null, null, null, DISCOVERY).checked())
                .withMessageStartingWith("targets must be empty when discovery is set");
    }

    @Test
    void aDiscoveryBreakingARuleIsRefusedWithIt() {
        assertThat(new TargetDiscovery(List.of("c1"), "shop", null, "checkout", null, null, null, null, null, null, 0))
                .as("defaults").satisfies(d -> {
                    assertThat(d.kind()).isEqualTo("auto");
                    assertThat(d.scheme()).isEqualTo("http");
                    assertThat(d.match()).isEqualTo("digest");
                    assertThat(d.maxPods()).isEqualTo(TargetDiscovery.DEFAULT_MAX_PODS);
                });
        assertThatIllegalArgumentException().isThrownBy(() -> discovery(List.of(), "shop", "Deployment", 80, 10))
                .withMessage("discovery.clusters is empty");
        assertThatIllegalArgumentException().isThrownBy(() -> discovery(List.of("c1"), "Shop", "Deployment", 80, 10))
                .withMessageStartingWith("discovery.namespace 'Shop' is not a DNS-1123 label");
        assertThatIllegalArgumentException().isThrownBy(() -> discovery(List.of("c1"), "sh\u0000op", "Deployment", 80, 10))
                .withMessageStartingWith("discovery.namespace").withMessageNotContaining("\u0000");
        // A kind this release does not know is read (a later release may add one), not acted on.
        assertThat(discovery(List.of("c1"), "shop", "DaemonSet", 80, 10).kind()).isEqualTo("DaemonSet");
        assertThatIllegalArgumentException().isThrownBy(() -> discovery(List.of("c1"), "shop", "DaemonSet", 80, 10)
                .checkedKnown()).withMessageStartingWith("discovery.kind 'DaemonSet' is not one of");
        assertThatIllegalArgumentException().isThrownBy(() -> discovery(List.of("c1"), "shop", "Deploy\nment", 80, 10))
                .withMessageStartingWith("discovery.kind");
        assertThatIllegalArgumentException().isThrownBy(() -> discovery(List.of("c1"), "shop", "Deployment", 0, 10))
                .withMessage("discovery.port 0 is not in 1..65535");
        assertThatIllegalArgumentException().isThrownBy(() -> discovery(List.of("c1"), "shop", "Deployment", 65_536, 10))
                .withMessage("discovery.port 65536 is not in 1..65535");
        assertThatIllegalArgumentException().isThrownBy(() -> discovery(List.of("c1"), "shop", "Deployment", 80, 251))
                .withMessage("discovery.maxPods 251 is not in 1..250");
        assertThatIllegalArgumentException().isThrownBy(() -> new TargetDiscovery(List.of("c1"), "shop", null, null,
                null, null, null, null, null, null, 0).checked()).withMessage("discovery needs a name or a selector");
        assertThatIllegalArgumentException().isThrownBy(() -> new TargetDiscovery(List.of("c1"), "shop", null, "x",
                null, null, null, null, "ftp", null, 0).checked()).withMessage("discovery.scheme 'ftp' is not http or https");
        assertThatIllegalArgumentException().isThrownBy(() -> new TargetDiscovery(List.of("c1"), "shop", null, "x",
                null, null, null, null, null, "newest", 0).checkedKnown()).withMessageStartingWith("discovery.match 'newest'");
        assertThat(new TargetDiscovery(List.of("c1"), "shop", null, "x", null, null, null, null, null, "newest", 0)
                .checked().match()).isEqualTo("newest");
        assertThat(discovery(List.of("c1"), "shop", "StatefulSet", 65_535, 250).port()).isEqualTo(65_535);
        assertThat(discovery(List.of("c1"), "shop", "Rollout", 1, 1).maxPods()).isEqualTo(1);
    }

    private static TargetDiscovery discovery(List<String> clusters, String namespace, String kind, int port, int maxPods) {
        return new TargetDiscovery(clusters, namespace, kind, "checkout", null, null, null, port, null, null, maxPods)
                .checked();
    }
}
