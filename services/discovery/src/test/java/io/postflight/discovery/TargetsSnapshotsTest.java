package io.postflight.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.TargetsChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A snapshot the contract refuses in part keeps what it can; the resync stays within the verifier's freshness. */
class TargetsSnapshotsTest {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final DeploymentRef D1 = new DeploymentRef("d1", "checkout", "prod", "1.1", null, "1.0");

    private static TargetsChanged.Pod pod(String name, String url, String waiting) {
        return new TargetsChanged.Pod("c1/shop/" + name, "c1", "shop", name, url, T0, "Running", waiting == null,
                List.of(new TargetsChanged.Container("app", false, 0, waiting, null, null)), null);
    }

    @Test
    void onePodTheContractRefusesDoesNotHideAnotherPodsCrashLoop() {
        TargetsChanged snapshot = new TargetsChanged(null, D1, 4, T0, null, List.of(), List.of(
                pod("web-a", "ftp://10.0.0.1", null), pod("web-b", "http://10.0.0.2:8080", "CrashLoopBackOff")),
                true, null);
        assertThatIllegalArgumentException().isThrownBy(snapshot::checked);

        TargetsChanged kept = TargetsSnapshots.withoutRefusedPods(snapshot);

        assertThat(kept.pods()).extracting(TargetsChanged.Pod::pod).containsExactly("web-b");
        assertThat(kept.pods().get(0).containers().get(0).waitingReason()).isEqualTo("CrashLoopBackOff");
        assertThat(kept.complete()).isFalse();
        assertThat(kept.problem()).startsWith("1 pod(s) left out, refused by the contract: pods[0].url:");
        assertThat(kept.sequence()).isEqualTo(4);
    }

    @Test
    void aResyncLongerThanTheVerifiersFreshnessAllowsIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DiscoveryConfig(Duration.ofSeconds(1),
                Duration.ofSeconds(31), Duration.ofMinutes(10), Duration.ofSeconds(10), TargetsChanged.SOURCE_API,
                Duration.ofSeconds(15)))
                .withMessageStartingWith("postflight.discovery.resync (PT31S) must be at most PT30S");
        assertThat(new DiscoveryConfig(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ofSeconds(10), TargetsChanged.SOURCE_API, Duration.ofSeconds(15)).resync()).isEqualTo(Duration.ofSeconds(30));
    }
}
