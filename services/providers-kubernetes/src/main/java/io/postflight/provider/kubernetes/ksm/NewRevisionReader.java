package io.postflight.provider.kubernetes.ksm;

import io.postflight.provider.kubernetes.SafeText;
import io.postflight.provider.kubernetes.WorkloadKind;
import io.postflight.provider.kubernetes.ksm.InstantQueries.QueryFailedException;
import io.postflight.provider.kubernetes.ksm.InstantQueries.Series;
import java.util.Comparator;
import java.util.List;

/**
 * Finds a workload's new revision in kube-state-metrics (ADR 0029 §7): for a Deployment or Rollout
 * the newest ReplicaSet it owns by {@code kube_replicaset_created} (ties: the greater name, so a
 * round always picks the same), for a StatefulSet its {@code kube_statefulset_status_update_revision}.
 */
final class NewRevisionReader {

    /**
     * A revision found.
     *
     * @param podSet the PromQL selector of its pods (by owner)
     * @param eachPodChecked whether the set holds pods of other revisions too, told apart by digest
     * @param describe how a problem sentence names it
     */
    record Found(String kind, String workload, String revision, int desired, boolean deadlineExceeded,
                 String podSet, boolean eachPodChecked, String describe) {
    }

    private final InstantQueries prometheus;
    private final KsmQueries queries;

    NewRevisionReader(InstantQueries prometheus, KsmQueries queries) {
        this.prometheus = prometheus;
        this.queries = queries;
    }

    /** The new revision of {@code name} (of {@code kind}; auto: a ReplicaSet owner, else a StatefulSet), or null. */
    Found newest(WorkloadKind kind, String name) throws QueryFailedException {
        Found found = null;
        if (kind == WorkloadKind.DEPLOYMENT || kind == WorkloadKind.ROLLOUT || kind == WorkloadKind.AUTO) {
            String owners = switch (kind) {
                case DEPLOYMENT -> "Deployment";
                case ROLLOUT -> "Rollout";
                default -> KsmQueries.REPLICA_SET_OWNERS;
            };
            found = replicaSet(owners, name);
        }
        if (found == null && (kind == WorkloadKind.STATEFUL_SET || kind == WorkloadKind.AUTO)) {
            found = statefulSet(name);
        }
        return found;
    }

    private Found replicaSet(String owners, String name) throws QueryFailedException {
        Series newest = prometheus.query(queries.replicaSets(owners, name)).stream()
                .filter(s -> PromQl.isObjectName(s.label("replicaset")) && s.label("owner_kind") != null)
                .max(Comparator.comparingDouble(Series::value).thenComparing(s -> s.label("replicaset")))
                .orElse(null);
        if (newest == null) {
            return null;
        }
        String replicaSet = newest.label("replicaset");
        String kind = "Rollout".equals(newest.label("owner_kind")) ? "Rollout" : "Deployment";
        // A Deployment's ReplicaSet is named <deployment>-<pod-template-hash>, a Rollout's likewise.
        String hash = SafeText.reason(replicaSet.startsWith(name + "-") ? replicaSet.substring(name.length() + 1)
                : replicaSet);
        boolean deployment = kind.equals("Deployment");
        // A Rollout's desired count is its new ReplicaSet's (kube-state-metrics has no Rollout series),
        // nor does it tell a Rollout's Degraded phase: that stays unknown here.
        int desired = count(prometheus.query(deployment ? queries.deploymentReplicas(name)
                : queries.replicaSetReplicas(replicaSet)));
        boolean deadline = deployment && !prometheus.query(queries.deadlineExceeded(name)).isEmpty();
        return new Found(kind, name, hash, desired, deadline, queries.podsOwnedBy("ReplicaSet", replicaSet), false,
                kind + " " + name + "'s newest ReplicaSet " + replicaSet);
    }

    private Found statefulSet(String name) throws QueryFailedException {
        Series update = prometheus.query(queries.statefulSetRevision(name)).stream()
                .filter(s -> s.label("revision") != null).findFirst().orElse(null);
        if (update == null) {
            return null;
        }
        int desired = count(prometheus.query(queries.statefulSetReplicas(name)));
        return new Found("StatefulSet", name, SafeText.reason(update.label("revision")), desired, false,
                queries.podsOwnedBy("StatefulSet", name), true, "StatefulSet " + name);
    }

    /**
     * The count a replicas series gives (the greatest if kube-state-metrics runs twice), or -1 when
     * there is none: unknown, never 0, which would let a pass stop waiting for pods not created yet.
     */
    private static int count(List<Series> series) {
        double max = series.stream().mapToDouble(Series::value).filter(Double::isFinite).max().orElse(-1);
        return max < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, max);
    }
}
