package io.postflight.provider.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Map;

/**
 * The reads that finding the new version needs, from the API server ({@link ApiServerReads}) or from
 * a watch's informer caches ({@link PodWatch}), so one selection logic serves both.
 *
 * <p>Workload reads take a name, or (name null) labels; every other read takes labels, null meaning
 * all of the namespace.
 */
interface ClusterReads {

    List<Deployment> deployments(String namespace, String name, Map<String, String> labels);

    List<StatefulSet> statefulSets(String namespace, String name, Map<String, String> labels);

    /** Argo Rollouts ({@code argoproj.io/v1alpha1}); none where the CRD is not installed. */
    List<GenericKubernetesResource> rollouts(String namespace, String name, Map<String, String> labels);

    List<ReplicaSet> replicaSets(String namespace, Map<String, String> labels);

    List<Pod> pods(String namespace, Map<String, String> labels);

    /** The slices of a Service ({@code kubernetes.io/service-name}). */
    List<EndpointSlice> endpointSlices(String namespace, String service);

    /** Reads part of a generic resource (a Rollout's pod template) as a typed object. */
    <T> T convert(Object value, Class<T> type);

    /** Whether an object carries every one of the labels (null: no condition). */
    static boolean hasLabels(Map<String, String> objectLabels, Map<String, String> wanted) {
        if (wanted == null) {
            return true;
        }
        Map<String, String> have = objectLabels == null ? Map.of() : objectLabels;
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(have.get(e.getKey())));
    }
}
