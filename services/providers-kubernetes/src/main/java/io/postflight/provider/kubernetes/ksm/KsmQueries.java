package io.postflight.provider.kubernetes.ksm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The instant queries of one workload in one namespace, written over kube-state-metrics' series
 * (ADR 0029 §7). Each pod query is joined {@code and on(namespace,pod)} to the new version's pod set,
 * so a round costs the same few queries whatever the number of pods. Names are checked by the caller
 * ({@link PromQl#isObjectName}) and escaped here.
 */
final class KsmQueries {

    /** kube-state-metrics' owner kinds that own ReplicaSets. */
    static final String REPLICA_SET_OWNERS = "Deployment|Rollout";

    private final String namespace;

    KsmQueries(String namespace) {
        this.namespace = namespace;
    }

    /**
     * The ReplicaSets {@code workload} owns, valued by their creation time, labelled with their owner
     * ({@code ownerKinds} a fixed pattern). The owner side is reduced first: two kube-state-metrics
     * replicas scraped side by side must not make the match many-to-many.
     */
    String replicaSets(String ownerKinds, String workload) {
        return in("kube_replicaset_created", Map.of())
                + " * on(namespace,replicaset) group_left(owner_kind,owner_name)"
                + " max by(namespace,replicaset,owner_kind,owner_name) ("
                + in("kube_replicaset_owner", ordered("owner_kind~", ownerKinds, "owner_name", workload)) + ")";
    }

    String deploymentReplicas(String deployment) {
        return in("kube_deployment_spec_replicas", Map.of("deployment", deployment));
    }

    String replicaSetReplicas(String replicaSet) {
        return in("kube_replicaset_spec_replicas", Map.of("replicaset", replicaSet));
    }

    /**
     * Present when the Deployment's controller gave up ({@code Progressing=False}) about its current
     * spec: a condition written before it observed the newest generation is about the previous one.
     */
    String deadlineExceeded(String deployment) {
        Map<String, String> d = Map.of("deployment", deployment);
        // Both sides reduced to one series each: two kube-state-metrics replicas must not make the
        // comparison many-to-many, which Prometheus refuses.
        return "(" + in("kube_deployment_status_condition", ordered("deployment", deployment,
                "condition", "Progressing", "status", "false")) + " == 1) and on(namespace,deployment) ("
                + "max by(namespace,deployment) (" + in("kube_deployment_status_observed_generation", d) + ") == "
                + "max by(namespace,deployment) (" + in("kube_deployment_metadata_generation", d) + "))";
    }

    String statefulSetRevision(String statefulSet) {
        return in("kube_statefulset_status_update_revision", Map.of("statefulset", statefulSet));
    }

    String statefulSetReplicas(String statefulSet) {
        return in("kube_statefulset_replicas", Map.of("statefulset", statefulSet));
    }

    /** The pods a controller owns: the set every pod query is joined to. */
    String podsOwnedBy(String ownerKind, String ownerName) {
        return in("kube_pod_owner", ordered("owner_kind", ownerKind, "owner_name", ownerName));
    }

    /** A series with fixed matchers and an optional filter ({@code == 1} for 0/1 series). */
    private record Term(String metric, Map<String, String> labels, String filter) {
    }

    /** What is read of each pod: one or more series, joined by {@code or}. */
    enum PodSeries {
        /** {@code pod_ip}; also the pod set itself. */
        INFO(new Term("kube_pod_info", Map.of(), "")),
        CREATED(new Term("kube_pod_created", Map.of(), "")),
        PHASE(new Term("kube_pod_status_phase", Map.of(), " == 1")),
        READY(new Term("kube_pod_status_ready", Map.of("condition", "true"), " == 1")),
        UNSCHEDULABLE(new Term("kube_pod_status_unschedulable", Map.of(), " == 1")),
        /** Pods being deleted, or failed because the kubelet evicted or shut them down: departures. */
        LEAVING(new Term("kube_pod_deletion_timestamp", Map.of(), ""), new Term("kube_pod_status_reason",
                Map.of("reason~", "Evicted|NodeShutdown|Shutdown|Terminated"), " == 1")),
        /** Container names and images ({@code image_id}, {@code image_spec}, {@code image}). */
        CONTAINERS(new Term("kube_pod_container_info", Map.of(), ""),
                new Term("kube_pod_init_container_info", Map.of(), "")),
        RESTARTS(new Term("kube_pod_container_status_restarts_total", Map.of(), ""),
                new Term("kube_pod_init_container_status_restarts_total", Map.of(), "")),
        WAITING(new Term("kube_pod_container_status_waiting_reason", Map.of(), " == 1"),
                new Term("kube_pod_init_container_status_waiting_reason", Map.of(), " == 1")),
        TERMINATED(new Term("kube_pod_container_status_last_terminated_reason", Map.of(), " == 1"),
                new Term("kube_pod_init_container_status_last_terminated_reason", Map.of(), " == 1"));

        private final List<Term> terms;

        PodSeries(Term... terms) {
            this.terms = List.of(terms);
        }
    }

    /** {@code what} of the pods in {@code podSet}, every series read in this namespace only. */
    String ofPods(PodSeries what, String podSet) {
        StringJoiner union = new StringJoiner(" or ", "(", ")");
        for (Term t : what.terms) {
            union.add(in(t.metric(), t.labels()) + t.filter());
        }
        return union + " and on(namespace,pod) " + podSet;
    }

    private String in(String metric, Map<String, String> labels) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("namespace", namespace);
        all.putAll(labels);
        return PromQl.selector(metric, all);
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
