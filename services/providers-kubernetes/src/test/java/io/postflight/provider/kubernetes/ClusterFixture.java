package io.postflight.provider.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the objects a controller and the kubelet would have made (no controller runs in the mock
 * API server): workloads, ReplicaSets with owners and revisions, pods with their status, slices.
 */
final class ClusterFixture {

    static final String NS = "shop";
    static final String DIGEST_NEW = "sha256:" + "a".repeat(64);
    static final String DIGEST_OLD = "sha256:" + "b".repeat(64);

    private final KubernetesClient client;

    ClusterFixture(KubernetesClient client) {
        this.client = client;
    }

    /**
     * A fixture on a cluster emptied of every kind the provider reads: the mock server keeps its
     * objects across a class's tests.
     */
    static ClusterFixture empty(KubernetesClient client) {
        client.apps().deployments().inAnyNamespace().delete();
        client.apps().statefulSets().inAnyNamespace().delete();
        client.apps().replicaSets().inAnyNamespace().delete();
        client.genericKubernetesResources(ApiServerReads.ROLLOUTS).inAnyNamespace().delete();
        client.pods().inAnyNamespace().delete();
        client.discovery().v1().endpointSlices().inAnyNamespace().delete();
        return new ClusterFixture(client);
    }

    static Map<String, String> appLabels(String app) {
        return Map.of("app.kubernetes.io/name", app);
    }

    static PodTemplateSpec template(String app, String image, String version) {
        Map<String, String> labels = new HashMap<>(appLabels(app));
        if (version != null) {
            labels.put("app.kubernetes.io/version", version);
        }
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec().build();
    }

    Deployment deployment(String name, int replicas) {
        return client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withUid(UUID.randomUUID().toString())
                .withLabels(appLabels(name)).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(appLabels(name)).endSelector()
                .withTemplate(template(name, "registry.example/" + name + ":1", null)).endSpec().build()).create();
    }

    ReplicaSet replicaSet(HasMetadata owner, String hash, long revision, String image, String version) {
        String name = owner.getMetadata().getName() + "-" + hash;
        PodTemplateSpec template = template(owner.getMetadata().getName(), image, version);
        return client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(name).withUid(UUID.randomUUID().toString())
                .withLabels(rsLabels(owner.getMetadata().getName(), hash))
                .withAnnotations(Map.of("deployment.kubernetes.io/revision", Long.toString(revision)))
                .withOwnerReferences(ownerRef(owner)).endMetadata()
                .withNewSpec().withReplicas(2).withTemplate(template).endSpec().build()).create();
    }

    /** As a controller labels its ReplicaSets: the pod template's labels and the revision's hash. */
    private static Map<String, String> rsLabels(String app, String hash) {
        Map<String, String> labels = new HashMap<>(appLabels(app));
        labels.put("pod-template-hash", hash);
        labels.put("rollouts-pod-template-hash", hash);
        return labels;
    }

    /** A running, ready pod owned by {@code owner}, with the revision label {@code hashLabel=hash}. */
    Pod pod(String name, HasMetadata owner, String hashLabel, String hash, String ip) {
        return create(runningPod(name, owner, hashLabel, hash, ip).build());
    }

    static PodBuilder runningPod(String name, HasMetadata owner, String hashLabel, String hash, String ip) {
        Map<String, String> labels = new HashMap<>(appLabels(appOf(owner)));
        labels.put(hashLabel, hash);
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withLabels(labels)
                .withCreationTimestamp("2026-11-29T10:00:00Z").withOwnerReferences(ownerRef(owner)).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("registry.example/app:1")
                .addNewPort().withName("http").withContainerPort(8080).endPort().endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip)
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .withContainerStatuses(runningStatus("app", DIGEST_NEW)).endStatus();
    }

    static ContainerStatus runningStatus(String name, String digest) {
        return new ContainerStatusBuilder().withName(name).withRestartCount(0)
                .withImageID("registry.example/app@" + digest)
                .withNewState().withNewRunning().withStartedAt("2026-11-29T10:00:05Z").endRunning().endState().build();
    }

    Pod create(Pod pod) {
        return client.pods().inNamespace(NS).resource(pod).create();
    }

    EndpointSlice slice(String service, String portName, int port, Map<String, String> podToAddress) {
        EndpointSliceBuilder slice = new EndpointSliceBuilder().withNewMetadata()
                .withName(service + "-" + UUID.randomUUID().toString().substring(0, 5))
                .withLabels(Map.of("kubernetes.io/service-name", service)).endMetadata()
                .withAddressType(podToAddress.values().stream().anyMatch(a -> a.contains(":")) ? "IPv6" : "IPv4")
                .addNewPort().withName(portName).withPort(port).withProtocol("TCP").endPort();
        podToAddress.forEach((pod, address) -> slice.addNewEndpoint().withAddresses(address)
                .withNewTargetRef().withKind("Pod").withName(pod).withNamespace(NS).endTargetRef().endEndpoint());
        return client.discovery().v1().endpointSlices().inNamespace(NS).resource(slice.build()).create();
    }

    StatefulSet statefulSet(String name, String updateRevision, String image) {
        StatefulSet set = client.apps().statefulSets().inNamespace(NS).resource(new StatefulSetBuilder()
                .withNewMetadata().withName(name).withUid(UUID.randomUUID().toString())
                .withLabels(appLabels(name)).endMetadata()
                .withNewSpec().withReplicas(3).withServiceName(name)
                .withNewSelector().withMatchLabels(appLabels(name)).endSelector()
                .withTemplate(template(name, image, null)).endSpec()
                .withNewStatus().withUpdateRevision(updateRevision).withCurrentRevision(name + "-old").endStatus()
                .build()).create();
        return set;
    }

    /** An Argo Rollout as the API serves it, read back as a generic resource. */
    GenericKubernetesResource rollout(String name, String currentPodHash, String stableRs) {
        Map<String, Object> status = Map.of("currentPodHash", currentPodHash, "stableRS", stableRs,
                "phase", "Paused");
        Map<String, Object> spec = Map.of("replicas", 5,
                "selector", Map.of("matchLabels", appLabels(name)),
                "template", Map.of("metadata", Map.of("labels", appLabels(name)),
                        "spec", Map.of("containers", List.of(Map.of("name", "app", "image", "x")))));
        GenericKubernetesResource rollout = new GenericKubernetesResourceBuilder()
                .withApiVersion("argoproj.io/v1alpha1").withKind("Rollout")
                .withNewMetadata().withName(name).withNamespace(NS).withUid(UUID.randomUUID().toString())
                .withLabels(appLabels(name)).endMetadata()
                .withAdditionalProperties(Map.of("spec", spec, "status", status)).build();
        return client.genericKubernetesResources(ApiServerReads.ROLLOUTS).inNamespace(NS)
                .resource(rollout).create();
    }

    static OwnerReference ownerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).build();
    }

    private static String appOf(HasMetadata owner) {
        Map<String, String> labels = owner.getMetadata().getLabels();
        String app = labels == null ? null : labels.get("app.kubernetes.io/name");
        return app != null ? app : owner.getMetadata().getName().replaceAll("-[0-9a-z]+$", "");
    }
}
