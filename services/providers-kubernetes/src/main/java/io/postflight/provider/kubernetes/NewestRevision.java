package io.postflight.provider.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which revision of a workload is the new one, per controller (ADR 0029 §4). The old revision's pods
 * are never targets: during a rolling update or a canary they still serve, but they are not what was
 * deployed.
 */
final class NewestRevision {

    static final String DEPLOYMENT_REVISION = "deployment.kubernetes.io/revision";
    static final String POD_TEMPLATE_HASH = "pod-template-hash";
    static final String CONTROLLER_REVISION_HASH = "controller-revision-hash";
    static final String ROLLOUT_POD_HASH = "rollouts-pod-template-hash";

    private final ClusterReads reads;

    NewestRevision(ClusterReads reads) {
        this.reads = reads;
    }

    /** The ReplicaSet the Deployment owns with the highest revision number; empty before it made one. */
    Optional<NewRevision> of(Deployment deployment) {
        String uid = deployment.getMetadata().getUid();
        String namespace = deployment.getMetadata().getNamespace();
        Optional<ReplicaSet> newest = reads.replicaSets(namespace, null).stream()
                .filter(rs -> NewRevision.ownedBy(rs, uid))
                .max(Comparator.comparingLong(NewestRevision::revisionNumber));
        return newest.map(rs -> {
            String hash = rs.getMetadata().getLabels() == null ? null
                    : rs.getMetadata().getLabels().get(POD_TEMPLATE_HASH);
            // A condition the controller set before it saw the current spec is about the previous
            // revision: only one it wrote for this generation counts.
            boolean observed = observed(deployment.getMetadata().getGeneration(),
                    deployment.getStatus() == null ? null : deployment.getStatus().getObservedGeneration());
            boolean deadline = observed && deployment.getStatus().getConditions() != null
                    && deployment.getStatus().getConditions().stream().anyMatch(NewestRevision::deadlineExceeded);
            return new NewRevision("Deployment", deployment.getMetadata().getName(), hash == null ? "" : hash,
                    POD_TEMPLATE_HASH, rs.getMetadata().getUid(), null, rs.getSpec().getTemplate(),
                    replicas(deployment.getSpec().getReplicas()), deadline);
        });
    }

    /** The pods of {@code status.updateRevision}; empty before the controller set it. */
    Optional<NewRevision> of(StatefulSet set) {
        String revision = set.getStatus() == null ? null : set.getStatus().getUpdateRevision();
        if (revision == null) {
            return Optional.empty();
        }
        // The spec is always the update revision's template: the controller rolls pods towards it. With
        // a partition p only the ordinals from p up are updated, so that many pods are the new version.
        int partition = set.getSpec().getUpdateStrategy() == null
                || set.getSpec().getUpdateStrategy().getRollingUpdate() == null
                || set.getSpec().getUpdateStrategy().getRollingUpdate().getPartition() == null ? 0
                : set.getSpec().getUpdateStrategy().getRollingUpdate().getPartition();
        int desired = Math.max(0, replicas(set.getSpec().getReplicas()) - Math.max(0, partition));
        return Optional.of(new NewRevision("StatefulSet", set.getMetadata().getName(), revision,
                CONTROLLER_REVISION_HASH, set.getMetadata().getUid(), null, set.getSpec().getTemplate(),
                desired, false));
    }

    /**
     * The pods of {@code status.currentPodHash}: during a canary or blue-green preview it differs from
     * {@code status.stableRS} and names the new pods; once promoted the two are equal.
     */
    Optional<NewRevision> of(GenericKubernetesResource rollout) {
        String hash = rollout.get("status", "currentPodHash");
        if (hash == null) {
            return Optional.empty();
        }
        String uid = rollout.getMetadata().getUid();
        Optional<ReplicaSet> current = reads.replicaSets(rollout.getMetadata().getNamespace(),
                Map.of(ROLLOUT_POD_HASH, hash)).stream().filter(rs -> NewRevision.ownedBy(rs, uid)).findFirst();
        // The ReplicaSet's template is the revision's; the Rollout's spec may instead point at a Deployment
        // (workloadRef). A canary's size is its ReplicaSet's replicas, not the Rollout's.
        PodTemplateSpec template = current.map(rs -> rs.getSpec().getTemplate())
                .orElseGet(() -> templateOf(rollout));
        int desired = current.map(rs -> replicas(rs.getSpec().getReplicas()))
                .orElseGet(() -> replicas(number(rollout.get("spec", "replicas"))));
        Map<String, String> selector = rollout.get("spec", "selector", "matchLabels");
        Object observedGeneration = rollout.get("status", "observedGeneration");
        boolean observed = observed(rollout.getMetadata().getGeneration(), observedGeneration instanceof Number n
                ? Long.valueOf(n.longValue()) : observedGeneration instanceof String str && str.matches("[0-9]{1,18}")
                ? Long.valueOf(str) : null);
        boolean deadline = observed && ("Degraded".equals(rollout.get("status", "phase")) || rolloutConditions(rollout)
                .stream().anyMatch(c -> "ProgressDeadlineExceeded".equals(c.get("reason"))));
        return Optional.of(new NewRevision("Rollout", rollout.getMetadata().getName(), hash, ROLLOUT_POD_HASH,
                null, selector, template, desired, deadline));
    }

    private PodTemplateSpec templateOf(GenericKubernetesResource rollout) {
        Object template = rollout.get("spec", "template");
        return template == null ? null : reads.convert(template, PodTemplateSpec.class);
    }

    private static List<Map<String, Object>> rolloutConditions(GenericKubernetesResource rollout) {
        List<Map<String, Object>> conditions = rollout.get("status", "conditions");
        return conditions == null ? List.of() : conditions;
    }

    private static boolean deadlineExceeded(DeploymentCondition condition) {
        return "Progressing".equals(condition.getType()) && "False".equals(condition.getStatus())
                && "ProgressDeadlineExceeded".equals(condition.getReason());
    }

    private static long revisionNumber(ReplicaSet rs) {
        Map<String, String> annotations = rs.getMetadata().getAnnotations();
        String revision = annotations == null ? null : annotations.get(DEPLOYMENT_REVISION);
        try {
            return revision == null ? -1 : Long.parseLong(revision.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Whether the controller's status speaks of the current spec: its observed generation reached the
     * object's. An object without a generation (never so on an API server) is taken as observed.
     */
    static boolean observed(Long generation, Long observedGeneration) {
        return generation == null || observedGeneration != null && observedGeneration >= generation;
    }

    private static Integer number(Object value) {
        return value instanceof Number n ? n.intValue() : null;
    }

    /** An unset replica count is 1, as the API server defaults it. */
    private static int replicas(Integer replicas) {
        return replicas == null ? 1 : replicas;
    }
}
