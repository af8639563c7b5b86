package io.postflight.provider.kubernetes;

import static io.postflight.provider.kubernetes.ClusterFixture.DIGEST_NEW;
import static io.postflight.provider.kubernetes.ClusterFixture.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a rollout in progress shows that must not be taken for the version's own failure: a deadline
 * from before the controller saw the new spec, pods leaving, a version that crash-loops on a tag, a
 * partitioned StatefulSet, sidecars beyond what a snapshot carries.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class NewVersionEdgesTest {

    static KubernetesClient client;
    private ClusterFixture cluster;
    private Deployment checkout;
    private ReplicaSet newRs;

    @BeforeEach
    void rollout() {
        cluster = ClusterFixture.empty(client);
        checkout = cluster.deployment("checkout", 2);
        newRs = cluster.replicaSet(checkout, "7f9c8", 2, "registry.example/checkout@" + DIGEST_NEW, "1.4.0");
    }

    private DiscoveredWorkload find(WorkloadRef ref, ExpectedIdentity expected) {
        return new NewVersionPods("prod", client).find(ref, expected);
    }

    @Test
    void aDeadlineTheControllerSetBeforeItSawTheNewSpecIsNotReported() {
        long generation = client.apps().deployments().inNamespace(NS).withName("checkout").get().getMetadata()
                .getGeneration();
        client.apps().deployments().inNamespace(NS).withName("checkout").editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation - 1).addNewCondition()
                    .withType("Progressing").withStatus("False").withReason("ProgressDeadlineExceeded")
                    .endCondition().build());
            return d;
        });
        WorkloadRef ref = WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT, "checkout");
        assertThat(find(ref, ExpectedIdentity.of(DIGEST_NEW, null)).progressDeadlineExceeded()).isFalse();

        client.apps().deployments().inNamespace(NS).withName("checkout").editStatus(d -> {
            d.getStatus().setObservedGeneration(generation);
            return d;
        });
        assertThat(find(ref, ExpectedIdentity.of(DIGEST_NEW, null)).progressDeadlineExceeded()).isTrue();
        assertThat(NewestRevision.observed(null, null)).isTrue();
        assertThat(NewestRevision.observed(3L, null)).isFalse();
    }

    @Test
    void podsBeingDeletedOrEvictedAreNotTheVersionsPods() {
        cluster.pod("checkout-7f9c8-aaaaa", newRs, "pod-template-hash", "7f9c8", "10.0.1.1");
        Pod evicted = ClusterFixture.runningPod("checkout-7f9c8-bbbbb", newRs, "pod-template-hash", "7f9c8", "10.0.1.2")
                .editStatus().withPhase("Failed").withReason("Evicted").endStatus().build();
        cluster.create(evicted);
        Pod failed = ClusterFixture.runningPod("checkout-7f9c8-ccccc", newRs, "pod-template-hash", "7f9c8", "10.0.1.3")
                .editStatus().withPhase("Failed").withReason("Error").endStatus().build();
        cluster.create(failed);

        DiscoveredWorkload found = find(WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT, "checkout").withPort(8080),
                ExpectedIdentity.of(DIGEST_NEW, null));

        assertThat(found.pods()).extracting(DiscoveredPod::pod)
                .as("an evicted pod leaves; a pod that failed on its own stays, to be judged")
                .containsExactly("checkout-7f9c8-aaaaa", "checkout-7f9c8-ccccc");
        assertThat(NewVersionPods.staying(new io.fabric8.kubernetes.api.model.PodBuilder(evicted).editStatus()
                .withPhase("Running").withReason(null).endStatus().editMetadata()
                .withDeletionTimestamp("2026-11-29T10:01:00Z").endMetadata().build())).isFalse();
    }

    @Test
    void aVersionThatCrashLoopsOnATagIsStillRecognisedByItsPulledDigest() {
        ReplicaSet tagged = cluster.replicaSet(checkout, "5d6e7", 3, "registry.example/checkout:1.5.0", "1.5.0");
        Pod crashing = ClusterFixture.runningPod("checkout-5d6e7-aaaaa", tagged, "pod-template-hash", "5d6e7", "10.0.2.1")
                .editStatus().withContainerStatuses(new ContainerStatusBuilder().withName("app").withRestartCount(3)
                        .withImageID("registry.example/checkout@" + DIGEST_NEW).withNewState().withNewWaiting()
                        .withReason("CrashLoopBackOff").endWaiting().endState().build()).endStatus().build();
        cluster.create(crashing);

        DiscoveredWorkload found = find(WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT, "checkout").withPort(8080),
                ExpectedIdentity.of(DIGEST_NEW, null));

        assertThat(found.problem()).isNull();
        assertThat(found.pods()).singleElement().satisfies(p -> assertThat(p.containers().get(0).waitingReason())
                .isEqualTo("CrashLoopBackOff"));
    }

    @Test
    void aPartitionedStatefulSetWantsOnlyTheOrdinalsItUpdates() {
        cluster.statefulSet("ledger", "ledger-new", "registry.example/ledger@" + DIGEST_NEW);
        client.apps().statefulSets().inNamespace(NS).withName("ledger").edit(s -> {
            s.getSpec().setUpdateStrategy(new io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategyBuilder()
                    .withType("RollingUpdate").withNewRollingUpdate().withPartition(2).endRollingUpdate().build());
            return s;
        });

        DiscoveredWorkload found = find(WorkloadRef.named(NS, WorkloadKind.STATEFUL_SET, "ledger").withPort(8080),
                ExpectedIdentity.of(DIGEST_NEW, null));

        assertThat(found.desired()).as("3 replicas, ordinals 2 and up updated").isEqualTo(1);
    }

    @Test
    void sidecarsBeyondWhatASnapshotCarriesLeaveTheContainersWithAProblemIn() {
        io.fabric8.kubernetes.api.model.PodBuilder many = ClusterFixture.runningPod("checkout-7f9c8-ddddd", newRs,
                "pod-template-hash", "7f9c8", "10.0.1.4");
        java.util.List<io.fabric8.kubernetes.api.model.ContainerStatus> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 11; i++) {
            statuses.add(ClusterFixture.runningStatus("side-" + i, DIGEST_NEW));
        }
        statuses.add(new ContainerStatusBuilder().withName("app").withRestartCount(2)
                .withImageID("registry.example/checkout@" + DIGEST_NEW).withNewLastState().withNewTerminated()
                .withReason("OOMKilled").endTerminated().endLastState().build());
        cluster.create(many.editStatus().withContainerStatuses(statuses).endStatus().build());

        DiscoveredWorkload found = find(WorkloadRef.named(NS, WorkloadKind.DEPLOYMENT, "checkout").withPort(8080),
                ExpectedIdentity.of(DIGEST_NEW, null));

        assertThat(found.pods().get(0).containers()).hasSize(PodFields.MAX_CONTAINERS)
                .first().satisfies(c -> assertThat(c.name()).isEqualTo("app"));
    }
}
