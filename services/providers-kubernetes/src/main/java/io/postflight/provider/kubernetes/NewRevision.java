package io.postflight.provider.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.Map;

/**
 * The newest revision of a workload: what its pods carry and who owns them.
 *
 * @param kind Deployment, StatefulSet or Rollout
 * @param workload the workload's name
 * @param hash the label value of the revision's pods (template hash or StatefulSet revision)
 * @param podLabel the label carrying {@code hash}
 * @param ownerUid the UID a pod of the revision names as its owner, or null when only labels tell
 * @param podSelector further labels every pod of the workload carries, or null
 * @param template the revision's pod template (for the identity check), or null when not readable
 * @param desired how many pods the revision should have
 * @param progressDeadlineExceeded whether the controller gave up on the rollout
 */
record NewRevision(String kind, String workload, String hash, String podLabel, String ownerUid,
        Map<String, String> podSelector, PodTemplateSpec template, int desired, boolean progressDeadlineExceeded) {

    /** Whether a pod belongs to this revision: its revision label and, when known, its owner. */
    boolean owns(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        if (labels == null || !hash.equals(labels.get(podLabel))) {
            return false;
        }
        if (!ClusterReads.hasLabels(labels, podSelector)) {
            return false;
        }
        return ownerUid == null || ownedBy(pod, ownerUid);
    }

    static boolean ownedBy(HasMetadata object, String uid) {
        var owners = object.getMetadata().getOwnerReferences();
        return owners != null && owners.stream().anyMatch(o -> uid.equals(o.getUid()));
    }
}
