package io.postflight.provider.kubernetes.ksm;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.provider.kubernetes.DiscoveredContainer;
import io.postflight.provider.kubernetes.DiscoveredPod;
import io.postflight.provider.kubernetes.DiscoveredWorkload;
import io.postflight.provider.kubernetes.ExpectedIdentity;
import io.postflight.provider.kubernetes.MatchMode;
import io.postflight.provider.kubernetes.WorkloadKind;
import io.postflight.provider.kubernetes.WorkloadRef;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Query building and joining against scripted answers; the joins themselves run in KubeStateMetricsIT. */
class KubeStateMetricsReaderTest {
    static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final String IMAGE = "registry.example/checkout@" + DIGEST;
    private static final WorkloadRef REF = WorkloadRef.named("shop", WorkloadKind.DEPLOYMENT, "checkout")
            .withPort(8080);
    private static final ExpectedIdentity EXPECTED = ExpectedIdentity.of(DIGEST, "1.1");

    /** Two ReplicaSets, the newer with two pods: one ready, one crash-looping. */
    static ScriptedQueries rollout() {
        return new ScriptedQueries()
                .answer("kube_replicaset_created", 100, "replicaset", "checkout-5f4", "owner_kind", "Deployment")
                .answer("kube_replicaset_created", 200, "replicaset", "checkout-7d9", "owner_kind", "Deployment")
                .answer("kube_deployment_spec_replicas", 2)
                .answer("kube_pod_info", 1, "pod", "checkout-7d9-a", "pod_ip", "10.0.0.1")
                .answer("kube_pod_info", 1, "pod", "checkout-7d9-b", "pod_ip", "fd00::2")
                .answer("kube_pod_created", 1_764_410_400, "pod", "checkout-7d9-a")
                .answer("kube_pod_status_phase", 1, "pod", "checkout-7d9-a", "phase", "Running")
                .answer("kube_pod_status_phase", 1, "pod", "checkout-7d9-b", "phase", "Running")
                .answer("kube_pod_status_ready", 1, "pod", "checkout-7d9-a")
                .answer("kube_pod_container_info", 1, "pod", "checkout-7d9-a", "container", "app", "image_spec", IMAGE)
                .answer("kube_pod_container_info", 1, "pod", "checkout-7d9-b", "container", "app", "image_spec", IMAGE)
                .answer("kube_pod_container_status_restarts_total", 3, "pod", "checkout-7d9-b", "container", "app")
                .answer("kube_pod_container_status_waiting_reason", 1, "pod", "checkout-7d9-b", "container", "app",
                        "reason", "CrashLoopBackOff")
                .answer("kube_pod_container_status_last_terminated_reason", 1, "pod", "checkout-7d9-b",
                        "container", "app", "reason", "OOMKilled");
    }

    @Test
    void theNewestReplicaSetsPodsAreJoinedIntoTheApiPathsShape() {
        ScriptedQueries prometheus = rollout();

        DiscoveredWorkload w = new KubeStateMetricsReader("c1", prometheus).find(REF, EXPECTED);

        assertThat(w.complete()).as(w.problem()).isTrue();
        assertThat(w.kind()).isEqualTo("Deployment");
        assertThat(w.revision()).isEqualTo("7d9");
        assertThat(w.desired()).isEqualTo(2);
        assertThat(w.pods()).extracting(DiscoveredPod::instance)
                .containsExactly("c1/shop/checkout-7d9-a", "c1/shop/checkout-7d9-b");
        DiscoveredPod a = w.pods().get(0);
        assertThat(a.url()).isEqualTo("http://10.0.0.1:8080");
        assertThat(a.ready()).isTrue();
        assertThat(a.createdAt()).isEqualTo(Instant.ofEpochSecond(1_764_410_400));
        DiscoveredPod b = w.pods().get(1);
        assertThat(b.url()).isEqualTo("http://[fd00::2]:8080");
        assertThat(b.ready()).isFalse();
        assertThat(b.containers()).containsExactly(new DiscoveredContainer("app", 3, "CrashLoopBackOff", "OOMKilled"));
        // Every pod query is joined to the newest ReplicaSet's pods, in the namespace only.
        assertThat(prometheus.asked).filteredOn(q -> q.contains("and on(namespace,pod)"))
                .hasSize(KsmQueries.PodSeries.values().length)
                .allMatch(q -> q.endsWith("kube_pod_owner{namespace=\"shop\",owner_kind=\"ReplicaSet\","
                        + "owner_name=\"checkout-7d9\"}"));
        assertThat(prometheus.asked).hasSizeLessThanOrEqualTo(KubeStateMetricsReader.MAX_QUERIES);
    }

    @Test
    void aPodWithoutItsOtherSeriesIsListedWithThoseFieldsUnknown() {
        ScriptedQueries prometheus = new ScriptedQueries()
                .answer("kube_replicaset_created", 200, "replicaset", "checkout-7d9", "owner_kind", "Deployment")
                .answer("kube_pod_info", 1, "pod", "checkout-7d9-a", "pod_ip", "10.0.0.1")
                .answer("kube_pod_info", 1, "pod_ip", "10.0.0.9")
                .answer("kube_pod_container_info", 1, "pod", "checkout-7d9-a", "container", "app", "image_id",
                        "docker-pullable://" + IMAGE);

        DiscoveredWorkload w = new KubeStateMetricsReader("c1", prometheus).find(REF, EXPECTED);

        assertThat(w.pods()).singleElement().satisfies(p -> {
            assertThat(p.phase()).isNull();
            assertThat(p.ready()).isFalse();
            assertThat(p.createdAt()).isNull();
            assertThat(p.containers()).containsExactly(new DiscoveredContainer("app", 0, null, null));
        });
    }

    @Test
    void withoutAReplicasSeriesTheDesiredCountIsUnknownAndTheResultIncomplete() {
        ScriptedQueries prometheus = new ScriptedQueries()
                .answer("kube_replicaset_created", 200, "replicaset", "checkout-7d9", "owner_kind", "Deployment")
                .answer("kube_pod_info", 1, "pod", "checkout-7d9-a", "pod_ip", "10.0.0.1")
                .answer("kube_pod_status_phase", 1, "pod", "checkout-7d9-a", "phase", "Running")
                .answer("kube_pod_status_ready", 1, "pod", "checkout-7d9-a")
                .answer("kube_pod_container_info", 1, "pod", "checkout-7d9-a", "container", "app", "image_spec", IMAGE);

        DiscoveredWorkload w = new KubeStateMetricsReader("c1", prometheus).find(REF, EXPECTED);

        assertThat(w.complete()).isFalse();
        assertThat(w.problem()).contains("no replicas series");
        assertThat(w.desired()).isZero();
        assertThat(w.pods()).hasSize(1);
    }

    @Test
    void podsPastMaxPodsAreCutByNameAndTheResultIsIncomplete() {
        DiscoveredWorkload w = new KubeStateMetricsReader("c1", rollout()).find(REF.withMaxPods(1), EXPECTED);

        assertThat(w.pods()).extracting(DiscoveredPod::pod).containsExactly("checkout-7d9-a");
        assertThat(w.complete()).isFalse();
        assertThat(w.problem()).isEqualTo("the new version has 2 pods, more than maxPods 1: only the first 1 by"
                + " name are listed");
    }

    @Test
    void aNewestRevisionNotRunningTheAnnouncedDigestHasNoTargets() {
        ExpectedIdentity other = new ExpectedIdentity("sha256:" + "cd".repeat(32), null, MatchMode.DIGEST);

        DiscoveredWorkload w = new KubeStateMetricsReader("c1", rollout()).find(REF, other);

        assertThat(w.pods()).isEmpty();
        assertThat(w.problem()).isEqualTo("workload runs " + IMAGE + " not the announced " + other.digest());
    }

    @Test
    void aPrometheusThatDoesNotAnswerGivesAnIncompleteResultSayingSo() {
        DiscoveredWorkload w = new KubeStateMetricsReader("c1", rollout().down()).find(REF, EXPECTED);

        assertThat(w.complete()).isFalse();
        assertThat(w.pods()).isEmpty();
        assertThat(w.problem()).isEqualTo("kube-state-metrics: Prometheus did not answer (timed out)");
    }

    @Test
    void requestsKubeStateMetricsCannotServeAreRefusedWithoutAQuery() {
        ScriptedQueries prometheus = rollout();
        KubeStateMetricsReader reader = new KubeStateMetricsReader("c1", prometheus);

        assertThat(reader.find(REF, ExpectedIdentity.of(null, "1.1")).problem()).contains("artifact digest");
        assertThat(reader.find(new WorkloadRef("shop", WorkloadKind.DEPLOYMENT, "x\"}", null, null, null, 8080,
                null, 10), EXPECTED).problem()).contains("DNS-1123");
        assertThat(reader.find(new WorkloadRef("shop", WorkloadKind.AUTO, null, java.util.Map.of("a", "b"), null,
                null, 8080, null, 10), EXPECTED).problem()).contains("needs the workload's name");
        assertThat(prometheus.asked).isEmpty();
    }

    @Test
    void withoutAPortThePodsAreListedForTheirStatusButNotProbed() {
        DiscoveredWorkload w = new KubeStateMetricsReader("c1", rollout())
                .find(WorkloadRef.named("shop", WorkloadKind.DEPLOYMENT, "checkout"), EXPECTED);

        assertThat(w.pods()).hasSize(2).allMatch(p -> p.url() == null);
        assertThat(w.problem()).startsWith("kube-state-metrics gives no ports");
    }

    @Test
    void aStatefulSetsPodsAreToldApartByDigest() {
        ScriptedQueries prometheus = new ScriptedQueries()
                .answer("kube_statefulset_status_update_revision", 1, "revision", "ledger-6b8")
                .answer("kube_statefulset_replicas", 2)
                .answer("kube_pod_info", 1, "pod", "ledger-0", "pod_ip", "10.0.1.1")
                .answer("kube_pod_info", 1, "pod", "ledger-1", "pod_ip", "10.0.1.2")
                .answer("kube_pod_container_info", 1, "pod", "ledger-0", "container", "app", "image_spec",
                        "registry.example/ledger@sha256:" + "00".repeat(32))
                .answer("kube_pod_container_info", 1, "pod", "ledger-1", "container", "app", "image_spec", IMAGE);

        DiscoveredWorkload w = new KubeStateMetricsReader("c1", prometheus)
                .find(WorkloadRef.named("shop", WorkloadKind.AUTO, "ledger").withPort(8080), EXPECTED);

        assertThat(w.complete()).as(w.problem()).isTrue();
        assertThat(w.kind()).isEqualTo("StatefulSet");
        assertThat(w.revision()).isEqualTo("ledger-6b8");
        assertThat(w.pods()).extracting(DiscoveredPod::pod).containsExactly("ledger-1");
    }

    @Test
    void aWorkloadKubeStateMetricsDoesNotKnowIsNamedInTheProblem() {
        DiscoveredWorkload w = new KubeStateMetricsReader("c1", new ScriptedQueries()).find(REF, EXPECTED);

        assertThat(w.problem()).isEqualTo("kube-state-metrics knows no Deployment 'checkout' in namespace shop");
    }
}
