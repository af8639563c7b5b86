package io.postflight.provider.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link ClusterReads} as GET and LIST calls: a one-off look, no watch kept. */
final class ApiServerReads implements ClusterReads {

    /**
     * Named here rather than discovered from the API server: discovery fails where Argo Rollouts is not
     * installed, while a list of an unknown resource is a plain 404, read as no Rollouts.
     */
    static final ResourceDefinitionContext ROLLOUTS = new ResourceDefinitionContext.Builder()
            .withGroup("argoproj.io").withVersion("v1alpha1").withKind("Rollout").withPlural("rollouts")
            .withNamespaced(true).build();
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final KubernetesClient client;

    ApiServerReads(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public List<Deployment> deployments(String namespace, String name, Map<String, String> labels) {
        return workloads(client.apps().deployments(), namespace, name, labels);
    }

    @Override
    public List<StatefulSet> statefulSets(String namespace, String name, Map<String, String> labels) {
        return workloads(client.apps().statefulSets(), namespace, name, labels);
    }

    @Override
    public List<GenericKubernetesResource> rollouts(String namespace, String name, Map<String, String> labels) {
        try {
            return workloads(client.genericKubernetesResources(ROLLOUTS), namespace, name, labels);
        } catch (KubernetesClientException e) {
            // A cluster without Argo Rollouts answers 404 for the whole resource: no Rollouts there.
            if (e.getCode() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    @Override
    public List<ReplicaSet> replicaSets(String namespace, Map<String, String> labels) {
        return labelled(client.apps().replicaSets().inNamespace(namespace), labels);
    }

    @Override
    public List<Pod> pods(String namespace, Map<String, String> labels) {
        return labelled(client.pods().inNamespace(namespace), labels);
    }

    @Override
    public List<EndpointSlice> endpointSlices(String namespace, String service) {
        return client.discovery().v1().endpointSlices().inNamespace(namespace)
                .withLabel(SERVICE_NAME_LABEL, service).list().getItems();
    }

    @Override
    public <T> T convert(Object value, Class<T> type) {
        return client.getKubernetesSerialization().convertValue(value, type);
    }

    private static <T extends HasMetadata, L extends KubernetesResourceList<T>> List<T> workloads(
            MixedOperation<T, L, ? extends Resource<T>> operation,
            String namespace, String name, Map<String, String> labels) {
        if (name != null) {
            return Optional.ofNullable(operation.inNamespace(namespace).withName(name).get()).stream().toList();
        }
        return labelled(operation.inNamespace(namespace), labels);
    }

    private static <T extends HasMetadata, L extends KubernetesResourceList<T>> List<T> labelled(
            FilterWatchListDeletable<T, L, ?> operation, Map<String, String> labels) {
        return (labels == null ? operation : operation.withLabels(labels)).list().getItems();
    }
}
