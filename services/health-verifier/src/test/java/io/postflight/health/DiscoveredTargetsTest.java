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
    void anIncompleteSnapshotDropsTheTargetsOfAClusterThatAnsweredAndKeepsThoseOfOneThatDidNot() {
        // c1 answered (its workload is there) and no longer shows z: z is not probed. c2 did not answer:
        // its pods run on, and stay probed (a failing one must still fail; nothing can pass meanwhile).
        TargetsChanged s = snapshot(false, pod("a", "Running", true, "http://10.0.0.1:8080"));
        assertThat(DiscoveredTargets.targets(s, List.of(new Target("c1/shop/z", "http://10.0.0.9:8080"),
                new Target("c2/shop/y", "http://10.0.1.9:8080"))))
                .extracting(Target::instance).containsExactly("c1/shop/a", "c2/shop/y");
        TargetsChanged rolledAway = new TargetsChanged(null, D, 2, T0, null, List.of(new TargetsChanged.Workload(
                "c1", "shop", "Deployment", "checkout", "zzz", 2, false)), List.of(), false,
                "workload runs sha256:1 not the announced sha256:2");
        assertThat(DiscoveredTargets.targets(rolledAway, List.of(new Target("c1/shop/a", "http://10.0.0.1:8080"))))
                .as("a revision rolled away in c1: its pods are no longer probed").isEmpty();
    }

    @Test
    void byStatusRunningAndReadyPodsOfAFreshSnapshotAreHealthyAndAStaleOneVouchesForNothing() {
        TargetsChanged s = snapshot(true, pod("a", "Running", true, null), pod("b", "Running", false, null),
                pod("c", "Pending", true, null));
        assertThat(DiscoveredTargets.readiness(s, T0.plusSeconds(60), java.util.Set.of())).singleElement()
                .satisfies(o -> {
                    assertThat(o).isEqualTo(new ProbeObservation("c1/shop/a", true, true, true,
                            "kubelet: Running and Ready", 0));
                    assertThat(o.unknown()).isFalse();
                });
        // b was observed before (Ready once): not Ready now is an unhealthy round, which breaks its run.
        assertThat(DiscoveredTargets.readiness(s, T0.plusSeconds(60), java.util.Set.of("c1/shop/b")))
                .extracting(ProbeObservation::instance, ProbeObservation::healthy).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("c1/shop/a", true),
                        org.assertj.core.groups.Tuple.tuple("c1/shop/b", false));
        assertThat(DiscoveredTargets.readiness(s, T0.plusSeconds(61), java.util.Set.of("c1/shop/b"))).as("stale")
                .isEmpty();
        assertThat(DiscoveredTargets.readiness(null, T0, java.util.Set.of())).isEmpty();
    }
}
