package io.postflight.discovery;

import static io.postflight.discovery.MockCluster.DIGEST_NEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.TargetDiscovery;
import io.postflight.contracts.TargetsChanged;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fabric8 adapter against fabric8's mock API server in CRUD mode: a watch started off the calling
 * thread, its snapshot in the contract's terms, a pod added while watched, and the clients' settings.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesPodSourceTest {
    static KubernetesClient client;
    private final ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DiscoveryMetrics meters = new DiscoveryMetrics(registry);
    private final DeploymentRef deployment = new DeploymentRef("d1", "web", "prod", "1.1", DIGEST_NEW, "1.0");
    private MockCluster cluster;

    @BeforeEach
    void clean() {
        client.apps().deployments().inAnyNamespace().delete();
        client.apps().replicaSets().inAnyNamespace().delete();
        client.pods().inAnyNamespace().delete();
        client.discovery().v1().endpointSlices().inAnyNamespace().delete();
        cluster = new MockCluster(client);
    }

    @AfterEach
    void stop() {
        starter.shutdownNow();
    }

    private KubernetesPodSource source() {
        // The mock's client stands for cluster c1's; ClusterClients would otherwise build it from settings.
        ClusterClients clients = new ClusterClients(List.of(new ClusterConfig("c1", true, null, null)), c -> client);
        return new KubernetesPodSource(clients, starter, Duration.ofSeconds(1), meters);
    }

    @Test
    void aWatchStartsOffTheCallersThreadAndFollowsTheNewVersionsPods() {
        ReplicaSet rs = cluster.webRevision("h1");
        cluster.pod("web-h1-a", rs, "h1", "10.0.5.1");
        cluster.slice("web-h1-a", "10.0.5.1", 8443);
        AtomicInteger dirty = new AtomicInteger();
        TargetDiscovery d = new TargetDiscovery(List.of("c1"), MockCluster.NS, "Deployment", "web", null, null, null,
                8080, null, "digest", 0);

        try (PodSource.Watch watch = source().open("c1", d, deployment, dirty::incrementAndGet)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> watch.snapshot().complete());
            PodSource.Snapshot s = watch.snapshot();
            assertThat(dirty.get()).isPositive();
            assertThat(s.workload()).isEqualTo(new TargetsChanged.Workload("c1", "shop", "Deployment", "web", "h1", 2,
                    false));
            assertThat(s.pods()).singleElement().satisfies(p -> {
                assertThat(p.instance()).isEqualTo("c1/shop/web-h1-a");
                assertThat(p.url()).isEqualTo("http://10.0.5.1:8443");
                assertThat(p.ready()).isTrue();
                assertThat(p.containers()).extracting(TargetsChanged.Container::name, TargetsChanged.Container::restarts)
                        .containsExactly(Tuple.tuple("app", 1));
            });

            cluster.pod("web-h1-b", rs, "h1", "10.0.5.2");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(watch.snapshot().pods())
                    .extracting(TargetsChanged.Pod::pod, TargetsChanged.Pod::url).containsExactly(
                            Tuple.tuple("web-h1-a", "http://10.0.5.1:8443"),
                            Tuple.tuple("web-h1-b", "http://10.0.5.2:8080")));
            assertThat(meters.openWatches()).as("watches open").isEqualTo(1);
        }
        assertThat(meters.openWatches()).as("watches open after the close").isZero();
        assertThat(meters.failedStarts("c1")).isZero();
    }

    @Test
    void aWatchThatCannotStartIsCountedForItsClusterAndTriedAgainWithoutOpening() {
        ClusterClients unreachable = new ClusterClients(List.of(new ClusterConfig("c2", true, null, null),
                new ClusterConfig("c3", true, null, null)), c -> {
                    throw new KubernetesClientException("connection refused");
                });
        KubernetesPodSource source = new KubernetesPodSource(unreachable, starter, Duration.ofMillis(100), meters);
        assertThat(meters.openWatches()).as("registered at zero").isZero();
        assertThat(meters.failedStarts("c3")).as("each configured cluster at zero").isZero();
        assertThat(registry.find("postflight.discovery.watch.start.failures").counters()).hasSize(2);
        TargetDiscovery d = new TargetDiscovery(List.of("c2"), MockCluster.NS, "Deployment", "web", null, null, null,
                8080, null, "digest", 0);

        try (PodSource.Watch watch = source.open("c2", d, deployment, () -> { })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> meters.failedStarts("c2") >= 2);
            assertThat(watch.snapshot().complete()).isFalse();
            assertThat(watch.snapshot().problem()).startsWith("cluster c2: the watch did not start");
            assertThat(meters.openWatches()).isZero();
        }
        assertThat(meters.failedStarts("c3")).isZero();
        assertThat(meters.openWatches()).isZero();
    }

    @Test
    void aRequestTheProviderCannotActOnIsRefusedAtOnceAndAnUnknownClusterIsIncomplete() {
        TargetDiscovery byVersion = new TargetDiscovery(List.of("c1"), MockCluster.NS, "Deployment", "web", null, null,
                null, 8080, null, "digest", 0);
        DeploymentRef noDigest = new DeploymentRef("d2", "web", "prod", "1.2", null, "1.1");

        assertThatThrownBy(() -> source().open("c1", byVersion, noDigest, () -> { }))
                .hasMessageContaining("needs the artifact digest");
        assertThat(source().open("c9", byVersion, deployment, () -> { }).snapshot())
                .isEqualTo(PodSource.Snapshot.incomplete("cluster c9 is not configured"));
    }

    @Test
    void anApiServerThatDoesNotAnswerGivesTheReasonAndOpensTheClustersBreaker() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        AtomicInteger built = new AtomicInteger();
        ClusterClients clients = new ClusterClients(List.of(new ClusterConfig("c1", true, null, null)), c -> {
            built.incrementAndGet();
            return new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                    new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("http://127.0.0.1:" + closed)
                            .withRequestRetryBackoffLimit(0).build()).build();
        });
        ClusterBackoff backoff = new ClusterBackoff(Duration.ofMillis(20), Duration.ofMillis(80), 3, System::nanoTime);
        TargetDiscovery d = new TargetDiscovery(List.of("c1"), MockCluster.NS, "Deployment", "web", null, null, null,
                8080, null, "digest", 0);
        KubernetesPodSource source = new KubernetesPodSource(clients, starter, backoff, meters);

        try (PodSource.Watch first = source.open("c1", d, deployment, () -> { });
             PodSource.Watch second = source.open("c1", d, deployment, () -> { })) {
            await().atMost(Duration.ofSeconds(20)).until(() -> backoff.open("c1"));
            assertThat(first.snapshot().complete()).isFalse();
            assertThat(first.snapshot().problem()).startsWith("cluster c1: the watch did not start (");
            assertThat(second.snapshot().problem()).startsWith("cluster c1: the watch did not start (");
        } finally {
            clients.close();
        }
        assertThat(built.get()).as("one client per cluster, however many watches").isEqualTo(1);
    }

    @Test
    void anApiServerLostAfterTheStartMakesTheSnapshotIncompleteAfterTheGraceNeverAFrozenPass() {
        io.fabric8.kubernetes.client.server.mock.KubernetesMockServer own =
                new io.fabric8.kubernetes.client.server.mock.KubernetesMockServer(
                        new io.fabric8.mockwebserver.Context(), new io.fabric8.mockwebserver.MockWebServer(),
                        new java.util.HashMap<>(), new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(),
                        false);
        own.init();
        try (KubernetesClient ownClient = own.createClient()) {
            MockCluster ownCluster = new MockCluster(ownClient);
            ReplicaSet rs = ownCluster.webRevision("h1");
            ownCluster.pod("web-h1-a", rs, "h1", "10.0.5.1");
            ClusterClients clients = new ClusterClients(List.of(new ClusterConfig("c1", true, null, null)),
                    c -> ownClient);
            TargetDiscovery d = new TargetDiscovery(List.of("c1"), MockCluster.NS, "Deployment", "web", null, null,
                    null, 8080, null, "digest", 0);
            try (PodSource.Watch watch = new KubernetesPodSource(clients, starter, Duration.ofSeconds(1), meters)
                    .open("c1", d, deployment, () -> { })) {
                await().atMost(Duration.ofSeconds(10)).until(() -> watch.snapshot().complete());
                own.destroy();
                // As the processor looks when nothing changes: only at the next heartbeat. The first look
                // after the grace already refuses the frozen cache, without an earlier look to start a clock.
                await().pollDelay(KubernetesPodSource.DISCONNECTED_GRACE.plusSeconds(2)).atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofSeconds(5)).until(() -> true);
                assertThat(watch.snapshot().complete()).as("first look after the grace").isFalse();
                assertThat(watch.snapshot().problem()).isEqualTo("cluster c1: the watch of the API server has been"
                        + " disconnected for over 10 s; what it last saw is not published");
            }
        } finally {
            own.destroy();
        }
    }

    @Test
    void aKubeconfigClusterUsesTheNamedContextsServer(@TempDir Path dir) throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: one
                  cluster: {server: "https://one.example:6443"}
                - name: two
                  cluster: {server: "https://two.example:6443"}
                users:
                - name: reader
                  user: {token: not-a-real-token}
                contexts:
                - name: first
                  context: {cluster: one, user: reader}
                - name: second
                  context: {cluster: two, user: reader}
                current-context: first
                """);

        try (KubernetesClient second = ClusterClients.build(new ClusterConfig("c2", false, kubeconfig.toString(),
                "second"))) {
            assertThat(second.getMasterUrl().toString()).startsWith("https://two.example:6443");
        }
        assertThatThrownBy(() -> new ClusterConfig("c3", true, kubeconfig.toString(), null))
                .hasMessage("postflight.discovery.clusters.c3: set exactly one of in-cluster: true or kubeconfig: <file>");
        assertThatThrownBy(() -> new ClusterConfig("c5", false, kubeconfig + ".missing", null))
                .hasMessage("postflight.discovery.clusters.c5.kubeconfig: '" + kubeconfig + ".missing' is not a readable file");
        assertThatThrownBy(() -> new ClusterConfig("c4", true, null, "second"))
                .hasMessage("postflight.discovery.clusters.c4.context: applies to a kubeconfig file only");
    }
}
