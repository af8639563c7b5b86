package io.postflight.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Target;
import io.postflight.contracts.TargetsChanged;
import io.postflight.judge.health.ProbeObservation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which discovered pods are probed, and which count as healthy when pods are judged by status alone. */
class DiscoveredTargetsTest {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final DeploymentRef D = new DeploymentRef("d1", "checkout", "prod", "1.1", null, "1.0");

    private static TargetsChanged.Pod pod(String name, String phase, boolean ready, String url) {
        return new TargetsChanged.Pod("c1/shop/" + name, "c1", "shop", name, url, T0, phase, ready,
                List.of(new TargetsChanged.Container("app", false, 0, null, null, null)), null);
    }

    private static TargetsChanged snapshot(boolean complete, TargetsChanged.Pod... pods) {
        return new TargetsChanged(null, D, 1, T0, null, List.of(new TargetsChanged.Workload("c1", "shop",
                "Deployment", "checkout", "abc", pods.length, false)), List.of(pods), complete,
                complete ? null : "cluster c2 did not answer");
    }

    @Test
    void readyPodsWithAnAddressAreProbedAndOnceProbedTheyStay() {
        TargetsChanged s = snapshot(true, pod("a", "Running", true, "http://10.0.0.1:8080"),
                pod("b", "Pending", false, "http://10.0.0.2:8080"), pod("c", "Running", true, null),
                pod("d", "Running", false, "http://10.0.0.4:8080"));
        assertThat(DiscoveredTargets.targets(s, List.of(new Target("c1/shop/d", "http://10.0.0.4:8080"))))
                .extracting(Target::instance).containsExactly("c1/shop/a", "c1/shop/d");
    }

    @Test
    void anIncompleteSnapshotKeepsNoTargetItDoesNotShow() {
        TargetsChanged s = snapshot(false, pod("a", "Running", true, "http://10.0.0.1:8080"));
        assertThat(DiscoveredTargets.targets(s, List.of(new Target("c1/shop/z", "http://10.0.0.9:8080"))))
                .extracting(Target::instance).containsExactly("c1/shop/a");
    }

    @Test
    void byStatusRunningAndReadyPodsOfAFreshSnapshotAreHealthyAndAStaleOneVouchesForNothing() {
        TargetsChanged s = snapshot(true, pod("a", "Running", true, null), pod("b", "Running", false, null),
                pod("c", "Pending", true, null));
        assertThat(DiscoveredTargets.readiness(s, T0.plusSeconds(60))).singleElement().satisfies(o -> {
            assertThat(o).isEqualTo(new ProbeObservation("c1/shop/a", true, true, true, "kubelet: Running and Ready", 0));
            assertThat(o.unknown()).isFalse();
        });
        assertThat(DiscoveredTargets.readiness(s, T0.plusSeconds(61))).as("stale").isEmpty();
        assertThat(DiscoveredTargets.readiness(null, T0)).isEmpty();
    }
}
