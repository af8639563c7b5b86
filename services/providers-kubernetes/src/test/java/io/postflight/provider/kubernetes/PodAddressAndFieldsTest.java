package io.postflight.provider.kubernetes;

import static io.postflight.provider.kubernetes.ClusterFixture.DIGEST_NEW;
import static io.postflight.provider.kubernetes.ClusterFixture.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where each new pod is probed, and which of its fields are copied (and which never are). */
@EnableKubernetesMockClient(crud = true, https = false)
class PodAddressAndFieldsTest {

    static KubernetesClient client;
    private ClusterFixture cluster;
    private ReplicaSet rs;

    @BeforeEach
    void oneRevision() {
        cluster = ClusterFixture.empty(client);
        Deployment api = cluster.deployment("api", 2);
        rs = cluster.replicaSet(api, "h1", 1, "registry.example/api@" + DIGEST_NEW, null);
    }

    private DiscoveredWorkload find(WorkloadRef ref) {
        return new NewVersionPods("prod-eu", client).find(ref, ExpectedIdentity.of(DIGEST_NEW, null));
    }

    @Test
    void theEndpointSliceAddressAndNamedPortWinOverThePodIp() {
        cluster.pod("api-h1-a", rs, "pod-template-hash", "h1", "10.0.0.5");
        cluster.slice("api", "metrics", 9090, Map.of("api-h1-a", "10.0.0.5"));
        cluster.slice("api", "http", 8443, Map.of("api-h1-a", "10.1.0.5"));

        DiscoveredWorkload found = find(WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT, "api").withPort(8080));

        assertThat(found.pods().get(0).url()).isEqualTo("http://10.1.0.5:8443");
    }

    @Test
    void withoutASliceNamingThePodThePodIpAndConfiguredPortAreUsed() {
        cluster.pod("api-h1-a", rs, "pod-template-hash", "h1", "10.0.0.5");
        cluster.slice("api", "http", 8443, Map.of("api-h1-other", "10.1.0.9"));

        DiscoveredWorkload found = find(WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT, "api").withPort(8081));

        assertThat(found.pods().get(0).url()).isEqualTo("http://10.0.0.5:8081");
    }

    @Test
    void ipv6AddressesAreBracketedFromSlicesAndFromPodIps() {
        cluster.pod("api-h1-a", rs, "pod-template-hash", "h1", "fd00::5");
        cluster.pod("api-h1-b", rs, "pod-template-hash", "h1", "fd00::6");
        cluster.slice("api", "http", 8443, Map.of("api-h1-a", "fd00::5"));

        DiscoveredWorkload found = find(new WorkloadRef(NS, WorkloadKind.DEPLOYMENT, "api", null, null, null, 8080,
                "https", 100));

        assertThat(found.pods()).extracting(DiscoveredPod::url)
                .containsExactly("https://[fd00::5]:8443", "https://[fd00::6]:8080");
    }

    @Test
    void aPodWithoutAnIpYetIsListedWithoutUrl() {
        cluster.create(ClusterFixture.runningPod("api-h1-p", rs, "pod-template-hash", "h1", null)
                .editStatus().withPhase("Pending").withConditions().withContainerStatuses().endStatus().build());

        DiscoveredPod pod = find(WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT, "api").withPort(8080)).pods().get(0);

        assertThat(pod.url()).isNull();
        assertThat(pod.phase()).isEqualTo("Pending");
        assertThat(pod.ready()).isFalse();
        // Not reported by the kubelet yet: listed by name from the spec, no restarts.
        assertThat(pod.containers()).containsExactly(new DiscoveredContainer("app", 0, null, null));
    }

    @Test
    void containerRestartsAndReasonsInitContainersAndUnschedulableAreCopied() {
        cluster.create(ClusterFixture.runningPod("api-h1-c", rs, "pod-template-hash", "h1", "10.0.0.7")
                .editStatus().withPhase("Running")
                .withConditions(new io.fabric8.kubernetes.api.model.PodConditionBuilder().withType("PodScheduled")
                        .withStatus("False").withReason("Unschedulable")
                        .withMessage("0/3 nodes are available: 3 Insufficient memory.")
                        .withLastTransitionTime("2026-11-29T10:01:00Z").build())
                .withInitContainerStatuses(new ContainerStatusBuilder().withName("migrate").withRestartCount(1)
                        .withNewLastState().withNewTerminated().withReason("Error").withExitCode(1)
                        .endTerminated().endLastState().build())
                .withContainerStatuses(new ContainerStatusBuilder().withName("app").withRestartCount(4)
                        .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                        .withMessage("back-off 40s restarting failed container").endWaiting().endState()
                        .withNewLastState().withNewTerminated().withReason("OOMKilled").withExitCode(137)
                        .endTerminated().endLastState().build())
                .endStatus().build());

        DiscoveredPod pod = find(WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT, "api").withPort(8080)).pods().get(0);

        assertThat(pod.containers()).containsExactly(
                new DiscoveredContainer("migrate", 1, null, "Error"),
                new DiscoveredContainer("app", 4, "CrashLoopBackOff", "OOMKilled"));
        assertThat(pod.ready()).isFalse();
        // The API server (as the mock) stamps the creation time itself.
        assertThat(pod.createdAt()).isEqualTo(Instant.parse(
                client.pods().inNamespace(NS).withName("api-h1-c").get().getMetadata().getCreationTimestamp()));
        assertThat(pod.unschedulableSince()).isEqualTo(Instant.parse("2026-11-29T10:01:00Z"));
        assertThat(pod.toString()).doesNotContain("Insufficient memory").doesNotContain("back-off 40s");
    }

    @Test
    void envAnnotationsAndMessagesNeverReachTheResult() {
        cluster.create(ClusterFixture.runningPod("api-h1-s", rs, "pod-template-hash", "h1", "10.0.0.8")
                .editMetadata().addToAnnotations("vault.example/token", "annotation-s3cr3t").endMetadata()
                .editSpec().editFirstContainer().addNewEnv().withName("DB_PASSWORD").withValue("env-s3cr3t").endEnv()
                .endContainer().endSpec()
                .editStatus().withMessage("status-s3cr3t").endStatus().build());

        DiscoveredWorkload found = find(WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT, "api").withPort(8080));

        assertThat(found.pods()).hasSize(1);
        assertThat(found.toString()).doesNotContain("s3cr3t").doesNotContain("DB_PASSWORD")
                .doesNotContain("vault.example");
    }

    @Test
    void longPodNamesGiveInstanceIdsCutTo253WithAHashSuffix() {
        String longName = "api-h1-" + "x".repeat(250);
        cluster.pod(longName, rs, "pod-template-hash", "h1", "10.0.0.9");

        DiscoveredPod pod = find(WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT, "api").withPort(8080)).pods().get(0);

        assertThat(pod.pod()).isEqualTo(longName);
        assertThat(pod.instance()).hasSize(253).startsWith("prod-eu/shop/api-h1-xxx")
                .isEqualTo(SafeText.instanceId("prod-eu", NS, longName)).matches(".*x-[0-9a-f]{8}");
        assertThat(SafeText.instanceId("prod-eu", NS, longName + "y")).isNotEqualTo(pod.instance());
    }
}
