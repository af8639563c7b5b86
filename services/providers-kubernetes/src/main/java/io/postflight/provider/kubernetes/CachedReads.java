package io.postflight.provider.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;

/**
 * {@link ClusterReads} from informer caches: memory reads, no API call, so a snapshot can be built
 * every tick. A kind without an informer (not watched) reads as none.
 */
final class CachedReads implements ClusterReads {

    /** The informers of one watch; null where that kind is not watched. */
    record Caches(SharedIndexInformer<Deployment> deployments, SharedIndexInformer<StatefulSet> statefulSets,
            SharedIndexInformer<GenericKubernetesResource> rollouts, SharedIndexInformer<ReplicaSet> replicaSets,
            SharedIndexInformer<Pod> pods, SharedIndexInformer<EndpointSlice> endpointSlices) {

        List<SharedIndexInformer<?>> all() {
            return java.util.stream.Stream.of(deployments, statefulSets, rollouts, replicaSets, pods, endpointSlices)
                    .<SharedIndexInformer<?>>map(i -> i).filter(java.util.Objects::nonNull).toList();
        }
    }

    private final Caches caches;
    private final KubernetesSerialization serialization;

    CachedReads(Caches caches, KubernetesSerialization serialization) {
        this.caches = caches;
        this.serialization = serialization;
    }

    @Override
    public List<Deployment> deployments(String namespace, String name, Map<String, String> labels) {
        return workloads(caches.deployments(), namespace, name, labels);
    }

    @Override
    public List<StatefulSet> statefulSets(String namespace, String name, Map<String, String> labels) {
        return workloads(caches.statefulSets(), namespace, name, labels);
    }

    @Override
    public List<GenericKubernetesResource> rollouts(String namespace, String name, Map<String, String> labels) {
        return workloads(caches.rollouts(), namespace, name, labels);
    }

    @Override
    public List<ReplicaSet> replicaSets(String namespace, Map<String, String> labels) {
        return workloads(caches.replicaSets(), namespace, null, labels);
    }

    @Override
    public List<Pod> pods(String namespace, Map<String, String> labels) {
        return workloads(caches.pods(), namespace, null, labels);
    }

    @Override
    public List<EndpointSlice> endpointSlices(String namespace, String service) {
        return workloads(caches.endpointSlices(), namespace, null, Map.of(ApiServerReads.SERVICE_NAME_LABEL, service));
    }

    @Override
    public <T> T convert(Object value, Class<T> type) {
        return serialization.convertValue(value, type);
    }

    /** The cached objects of the namespace with that name, else carrying those labels. */
    private static <T extends HasMetadata> List<T> workloads(SharedIndexInformer<T> informer, String namespace,
            String name, Map<String, String> labels) {
        if (informer == null) {
            return List.of();
        }
        return informer.getStore().list().stream()
                .filter(o -> namespace.equals(o.getMetadata().getNamespace()))
                .filter(o -> name != null ? name.equals(o.getMetadata().getName())
                        : ClusterReads.hasLabels(o.getMetadata().getLabels(), labels))
                .toList();
    }
}
