package io.postflight.provider.kubernetes;

import static io.postflight.provider.kubernetes.ClusterFixture.DIGEST_NEW;
import static io.postflight.provider.kubernetes.ClusterFixture.DIGEST_OLD;
import static io.postflight.provider.kubernetes.ClusterFixture.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Deployment mid-rollout: two ReplicaSets, each with pods; only the newest one's are the new version. */
@EnableKubernetesMockClient(crud = true, https = false)
class DeploymentNewVersionTest {

    static KubernetesClient client;
    private ClusterFixture cluster;
    private Deployment checkout;
    private ReplicaSet oldRs;
    private ReplicaSet newRs;

    @BeforeEach
    void rollingUpdate() {
        cluster = ClusterFixture.empty(client);
        checkout = cluster.deployment("checkout", 3);
        oldRs = cluster.replicaSet(checkout, "6b7d9", 4, "registry.example/checkout@" + DIGEST_OLD, "1.3.0");
        // Revision 10 sorts after 4 as a number, not as a string ("10" < "4").
        newRs = cluster.replicaSet(checkout, "7f9c8", 10, "registry.example/checkout@" + DIGEST_NEW, "1.4.0");
        cluster.pod("checkout-6b7d9-aaaaa", oldRs, "pod-template-hash", "6b7d9", "10.0.0.1");
        cluster.pod("checkout-6b7d9-bbbbb", oldRs, "pod-template-hash", "6b7d9", "10.0.0.2");
        cluster.pod("checkout-7f9c8-zzzzz", newRs, "pod-template-hash", "7f9c8", "10.0.1.2");
        cluster.pod("checkout-7f9c8-yyyyy", newRs, "pod-template-hash", "7f9c8", "10.0.1.1");
    }

    private DiscoveredWorkload find(WorkloadRef ref, ExpectedIdentity expected) {
        return new NewVersionPods("prod-eu", client).find(ref, expected);
    }

    @Test
    void picksOnlyTheNewestReplicaSetsPodsSortedByName() {
        DiscoveredWorkload found = find(WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT, "checkout").withPort(8080),
                ExpectedIdentity.of(DIGEST_NEW, null));

        assertThat(found.problem()).isNull();
        assertThat(found.complete()).isTrue();
        assertThat(found.kind()).isEqualTo("Deployment");
        assertThat(found.name()).isEqualTo("checkout");
        assertThat(found.revision()).isEqualTo("7f9c8");
        assertThat(found.desired()).isEqualTo(3);
        assertThat(found.pods()).extracting(DiscoveredPod::pod)
                .containsExactly("checkout-7f9c8-yyyyy", "checkout-7f9c8-zzzzz");
        assertThat(found.pods()).extracting(DiscoveredPod::instance)
                .containsExactly("prod-eu/shop/checkout-7f9c8-yyyyy", "prod-eu/shop/checkout-7f9c8-zzzzz");
        assertThat(found.pods()).extracting(DiscoveredPod::url)
                .containsExactly("http://10.0.1.1:8080", "http://10.0.1.2:8080");
    }

    @Test
    void aPodWithTheHashButAnotherOwnerIsNotTheNewVersion() {
        ReplicaSet stranger = cluster.replicaSet(cluster.deployment("other", 1), "7f9c8x", 1, "x", null);
        cluster.pod("intruder-7f9c8", stranger, "pod-template-hash", "7f9c8", "10.9.9.9");

        DiscoveredWorkload found = find(WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT, "checkout"),
                ExpectedIdentity.of(DIGEST_NEW, null));

        assertThat(found.pods()).extracting(DiscoveredPod::pod).doesNotContain("intruder-7f9c8").hasSize(2);
    }

    @Test
    void aNewestRevisionThatIsNotTheAnnouncedDigestListsNoPods() {
        String announced = "sha256:" + "c".repeat(64);
        DiscoveredWorkload found = find(WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT, "checkout"),
                ExpectedIdentity.of(announced, null));

        assertThat(found.complete()).isFalse();
        assertThat(found.pods()).isEmpty();
        assertThat(found.revision()).isEqualTo("7f9c8");
        assertThat(found.problem()).isEqualTo("workload runs " + DIGEST_NEW + " not the announced " + announced);
    }

    @Test
    void versionLabelMatchesTheNewestTemplateAndRefusesAnOlderVersion() {
        WorkloadRef ref = WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT, "checkout");

        assertThat(find(ref, ExpectedIdentity.of(null, "1.4.0")).pods()).hasSize(2);
        DiscoveredWorkload older = find(ref, ExpectedIdentity.of(null, "1.3.0"));
        assertThat(older.problem()).isEqualTo("workload runs version 1.4.0 not the announced 1.3.0");
        assertThat(older.pods()).isEmpty();
    }

    @Test
    void autoByConventionLabelFindsTheDeploymentAndAnEmptyNamespaceSaysWhatWasLookedFor() {
        WorkloadRef byService = new WorkloadRef(NS, WorkloadKind.AUTO, null, null, "checkout", null, 8080, null, 100);
        assertThat(find(byService, ExpectedIdentity.of(DIGEST_NEW, null)).name()).isEqualTo("checkout");

        WorkloadRef missing = new WorkloadRef("empty", WorkloadKind.DEPLOYMENT, null, Map.of("team", "pay"),
                null, null, null, null, 100);
        DiscoveredWorkload none = find(missing, ExpectedIdentity.of(DIGEST_NEW, null));
        assertThat(none.complete()).isFalse();
        assertThat(none.problem()).isEqualTo("no Deployment labelled {team=pay} in namespace empty");
    }

    @Test
    void twoWorkloadsMatchingTheSelectorAreNamedNotGuessed() {
        cluster.deployment("other", 1);
        client.apps().deployments().inNamespace(NS).withName("other")
                .edit(d -> { d.getMetadata().setLabels(Map.of("app.kubernetes.io/name", "checkout")); return d; });

        DiscoveredWorkload found = find(new WorkloadRef(NS, WorkloadKind.DEPLOYMENT, null, null, "checkout", null,
                null, null, 100), ExpectedIdentity.of(DIGEST_NEW, null));

        assertThat(found.complete()).isFalse();
        assertThat(found.problem()).isEqualTo("2 workloads match Deployment labelled {app.kubernetes.io/name=checkout}"
                + " in namespace shop (Deployment checkout, Deployment other): configure one by kind and name");
    }

    @Test
    void podsBeyondMaxPodsAreCutByNameAndTheResultSaysSo() {
        DiscoveredWorkload found = find(WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT, "checkout").withMaxPods(1),
                ExpectedIdentity.of(DIGEST_NEW, null));

        assertThat(found.complete()).isFalse();
        assertThat(found.pods()).extracting(DiscoveredPod::pod).containsExactly("checkout-7f9c8-yyyyy");
        assertThat(found.problem())
                .isEqualTo("the new version has 2 pods, more than maxPods 1: only the first 1 by name are listed");
    }

    @Test
    void aDeploymentPastItsProgressDeadlineSaysSo() {
        client.apps().deployments().inNamespace(NS).withName("checkout").editStatus(d -> {
            // Written by the controller for the spec it has seen (observedGeneration = generation).
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                    .withObservedGeneration(d.getMetadata().getGeneration()).addNewCondition()
                    .withType("Progressing").withStatus("False").withReason("ProgressDeadlineExceeded")
                    .endCondition().build());
            return d;
        });

        DiscoveredWorkload found = find(WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT, "checkout"),
                ExpectedIdentity.of(DIGEST_NEW, null));

        assertThat(found.progressDeadlineExceeded()).isTrue();
        assertThat(found.pods()).hasSize(2);
    }
}
