package io.postflight.provider.kubernetes;

import static io.postflight.provider.kubernetes.ClusterFixture.DIGEST_NEW;
import static io.postflight.provider.kubernetes.ClusterFixture.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * StatefulSet by update revision and Argo Rollout by current pod hash. The mock API server in CRUD
 * mode serves the Rollout as a generic resource at its path without its CRD being installed.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class StatefulSetAndRolloutTest {

    static KubernetesClient client;
    private ClusterFixture cluster;

    @BeforeEach
    void empty() {
        cluster = ClusterFixture.empty(client);
    }

    @Test
    void statefulSetListsThePodsOfItsUpdateRevisionOnly() {
        StatefulSet ledger = cluster.statefulSet("ledger", "ledger-5d4c3b2a1", "registry.example/ledger@" + DIGEST_NEW);
        cluster.pod("ledger-2", ledger, "controller-revision-hash", "ledger-5d4c3b2a1", "10.0.2.2");
        cluster.pod("ledger-1", ledger, "controller-revision-hash", "ledger-old", "10.0.2.1");
        cluster.pod("ledger-0", ledger, "controller-revision-hash", "ledger-old", "10.0.2.0");

        DiscoveredWorkload found = new NewVersionPods("prod-eu", client).find(
                WorkloadRef.named(NS, WorkloadKind.STATEFUL_SET, "ledger").withPort(9000),
                ExpectedIdentity.of(DIGEST_NEW, null));

        assertThat(found.problem()).isNull();
        assertThat(found.kind()).isEqualTo("StatefulSet");
        assertThat(found.revision()).isEqualTo("ledger-5d4c3b2a1");
        assertThat(found.desired()).isEqualTo(3);
        assertThat(found.pods()).extracting(DiscoveredPod::pod, DiscoveredPod::url)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ledger-2", "http://10.0.2.2:9000"));
    }

    @Test
    void rolloutCanaryListsTheCurrentPodHashNotTheStableSet() {
        GenericKubernetesResource cart = cluster.rollout("cart", "84c6f", "59b7d");
        ReplicaSet stable = cluster.replicaSet(cart, "59b7d", 1, "registry.example/cart:1.0.0", "1.0.0");
        ReplicaSet canary = cluster.replicaSet(cart, "84c6f", 2, "registry.example/cart:1.1.0", "1.1.0");
        cluster.pod("cart-59b7d-a", stable, "rollouts-pod-template-hash", "59b7d", "10.0.3.1");
        cluster.pod("cart-59b7d-b", stable, "rollouts-pod-template-hash", "59b7d", "10.0.3.2");
        cluster.pod("cart-84c6f-a", canary, "rollouts-pod-template-hash", "84c6f", "10.0.4.1");

        DiscoveredWorkload found = new NewVersionPods("prod-eu", client).find(
                WorkloadRef.named(NS, WorkloadKind.AUTO, "cart"),
                new ExpectedIdentity(null, "1.1.0", MatchMode.IMAGE_TAG));

        assertThat(found.problem()).isNull();
        assertThat(found.kind()).isEqualTo("Rollout");
        assertThat(found.revision()).isEqualTo("84c6f");
        // The canary's size is its ReplicaSet's replicas (2), not the Rollout's 5.
        assertThat(found.desired()).isEqualTo(2);
        assertThat(found.pods()).extracting(DiscoveredPod::pod).containsExactly("cart-84c6f-a");
        // No port configured: the container port named http (8080) with the pod IP.
        assertThat(found.pods().get(0).url()).isEqualTo("http://10.0.4.1:8080");
    }

    @Test
    void rolloutWhoseCurrentTagIsNotTheAnnouncedVersionListsNoPods() {
        GenericKubernetesResource cart = cluster.rollout("cart", "84c6f", "84c6f");
        ReplicaSet current = cluster.replicaSet(cart, "84c6f", 2, "registry.example/cart:1.1.0", "1.1.0");
        cluster.pod("cart-84c6f-a", current, "rollouts-pod-template-hash", "84c6f", "10.0.4.1");

        DiscoveredWorkload found = new NewVersionPods("prod-eu", client).find(
                WorkloadRef.named(NS, WorkloadKind.ROLLOUT, "cart"),
                new ExpectedIdentity(null, "1.2.0", MatchMode.IMAGE_TAG));

        assertThat(found.pods()).isEmpty();
        assertThat(found.complete()).isFalse();
        assertThat(found.problem()).isEqualTo("workload runs registry.example/cart:1.1.0 not the announced 1.2.0");
    }

    @Test
    void aStatefulSetWithoutUpdateRevisionHasNoNewRevisionYet() {
        client.apps().statefulSets().inNamespace(NS).resource(new StatefulSetBuilder()
                .withNewMetadata().withName("fresh").withUid("u-1").endMetadata()
                .withNewSpec().withReplicas(1).endSpec().build()).create();

        DiscoveredWorkload found = new NewVersionPods("prod-eu", client).find(
                WorkloadRef.named(NS, WorkloadKind.STATEFUL_SET, "fresh"), ExpectedIdentity.of(DIGEST_NEW, null));

        assertThat(found.problem()).isEqualTo("StatefulSet fresh in namespace shop has no new revision yet");
        assertThat(found.name()).isEqualTo("fresh");
    }
}
