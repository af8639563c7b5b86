package io.postflight.provider.kubernetes;

import static io.postflight.provider.kubernetes.ClusterFixture.DIGEST_NEW;
import static io.postflight.provider.kubernetes.ClusterFixture.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Informers against the mock API server's watch (CRUD mode): a pod replaced while watched; an API
 * server gone after the start (running, not connected). Not covered here: reconnects after a dropped watch, {@code 410 Gone} and bookmarks (the mock does not
 * drop or expire watches; ADR 0029 "Test strategy" leaves them to a real API server).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class PodWatchTest {

    static KubernetesClient client;
    private ClusterFixture cluster;
    private ReplicaSet rs;

    @BeforeEach
    void oneRevision() {
        cluster = ClusterFixture.empty(client);
        Deployment web = cluster.deployment("web", 1);
        rs = cluster.replicaSet(web, "w1", 1, "registry.example/web@" + DIGEST_NEW, null);
        cluster.pod("web-w1-old", rs, "pod-template-hash", "w1", "10.0.5.1");
    }

    @Test
    void aPodReplacedMidWatchMarksDirtyAndTheNextSnapshotHasOnlyTheNewPod() {
        AtomicInteger dirty = new AtomicInteger();
        try (PodWatch watch = PodWatch.start("prod-eu", client, WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT, "web")
                .withPort(8080), ExpectedIdentity.of(DIGEST_NEW, null), dirty::incrementAndGet)) {
            assertThat(watch.snapshot().pods()).extracting(DiscoveredPod::pod).containsExactly("web-w1-old");
            dirty.set(0);

            client.pods().inNamespace(NS).withName("web-w1-old").delete();
            cluster.pod("web-w1-new", rs, "pod-template-hash", "w1", "10.0.5.2");
            cluster.slice("web", "http", 8443, Map.of("web-w1-new", "10.0.5.2"));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(dirty.get()).isGreaterThanOrEqualTo(3);
                assertThat(watch.snapshot().pods()).extracting(DiscoveredPod::pod, DiscoveredPod::url)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("web-w1-new", "http://10.0.5.2:8443"));
            });
            assertThat(watch.snapshot().complete()).isTrue();
        }
    }

    @Test
    void anApiServerThatGoesAwayAfterTheStartLeavesTheInformersRunningButNotConnected() {
        // fabric8 keeps retrying (running) while the API server is gone, its cache frozen: connected()
        // is what tells. A server of its own, so the shared one stays up for the other tests.
        io.fabric8.kubernetes.client.server.mock.KubernetesMockServer own =
                new io.fabric8.kubernetes.client.server.mock.KubernetesMockServer(
                        new io.fabric8.mockwebserver.Context(), new io.fabric8.mockwebserver.MockWebServer(),
                        new java.util.HashMap<>(), new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(),
                        false);
        own.init();
        try (KubernetesClient ownClient = own.createClient()) {
            ClusterFixture fixture = ClusterFixture.empty(ownClient);
            Deployment web = fixture.deployment("web", 1);
            ReplicaSet ownRs = fixture.replicaSet(web, "w1", 1, "registry.example/web@" + DIGEST_NEW, null);
            fixture.pod("web-w1-a", ownRs, "pod-template-hash", "w1", "10.0.5.1");
            try (PodWatch watch = PodWatch.start("prod-eu", ownClient, WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT,
                    "web").withPort(8080), ExpectedIdentity.of(DIGEST_NEW, null), () -> { })) {
                await().atMost(Duration.ofSeconds(10)).until(watch::connected);
                own.destroy();
                await().atMost(Duration.ofSeconds(30)).until(() -> !watch.connected());
                assertThat(watch.watching()).as("still running, retrying").isTrue();
                assertThat(watch.snapshot().complete()).as("the frozen cache looks complete").isTrue();
            }
        } finally {
            own.destroy();
        }
    }

    @Test
    void replicaSetsAndPodsOfAnotherWorkloadAreOutsideTheWatchedSelector() {
        Deployment other = cluster.deployment("other", 1);
        AtomicInteger dirty = new AtomicInteger();
        try (PodWatch watch = PodWatch.start("prod-eu", client, WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT, "web"),
                ExpectedIdentity.of(DIGEST_NEW, null), dirty::incrementAndGet)) {
            // The first list's adds arrive on the informers' threads: Deployments web and other, web's
            // ReplicaSet, web's pod (nothing of other's yet, no slices).
            await().atMost(Duration.ofSeconds(5)).until(() -> dirty.get() == 4);
            int afterSync = dirty.get();
            ReplicaSet otherRs = cluster.replicaSet(other, "o1", 1, "x", null);
            cluster.pod("other-o1-a", otherRs, "pod-template-hash", "o1", "10.0.6.1");
            cluster.pod("web-w1-b", rs, "pod-template-hash", "w1", "10.0.5.3");

            await().atMost(Duration.ofSeconds(10)).until(() -> watch.snapshot().pods().size() == 2);
            // Only web-w1-b: the other ReplicaSet and pod carry app.kubernetes.io/name=other.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> dirty.get() - afterSync == 1);
        }
    }

    @Test
    void closeStopsEveryInformer() {
        PodWatch watch = PodWatch.start("prod-eu", client, WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT, "web"),
                ExpectedIdentity.of(DIGEST_NEW, null), () -> { });
        assertThat(watch.watching()).isTrue();

        watch.close();

        assertThat(watch.watching()).isFalse();
    }
}
