package io.postflight.discovery;

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
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.UUID;

/**
 * What a Deployment controller and the kubelet would have written into fabric8's mock API server (no
 * controller runs there): a Deployment, its ReplicaSet of one revision, running pods and an
 * EndpointSlice. The part of services/providers-kubernetes' ClusterFixture this module's test needs
 * (test classes are not shared between modules).
 */
final class MockCluster {
    static final String NS = "shop";
    static final String DIGEST_NEW = "sha256:" + "a".repeat(64);
    private static final Map<String, String> APP = Map.of("app.kubernetes.io/name", "web");

    private final KubernetesClient client;

    MockCluster(KubernetesClient client) {
        this.client = client;
    }

    /** Deployment {@code web}, its ReplicaSet {@code web-<hash>} (revision 1) pinned to {@link #DIGEST_NEW}. */
    ReplicaSet webRevision(String hash) {
        PodTemplateSpec template = new PodTemplateSpecBuilder().withNewMetadata().withLabels(APP).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("registry.example/web@" + DIGEST_NEW)
                .endContainer().endSpec().build();
        Deployment web = client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").withUid(UUID.randomUUID().toString()).withLabels(APP).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(APP).endSelector()
                .withTemplate(template).endSpec().build()).create();
        return client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName("web-" + hash).withUid(UUID.randomUUID().toString())
                .withLabels(Map.of("app.kubernetes.io/name", "web", "pod-template-hash", hash))
                .withAnnotations(Map.of("deployment.kubernetes.io/revision", "1"))
                .withOwnerReferences(ownerRef(web)).endMetadata()
                .withNewSpec().withReplicas(2).withTemplate(template).endSpec().build()).create();
    }

    /** A running, ready pod of {@code rs} at {@code ip}. */
    Pod pod(String name, ReplicaSet rs, String hash, String ip) {
        return client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name)
                .withNamespace(NS).withLabels(Map.of("app.kubernetes.io/name", "web", "pod-template-hash", hash))
                .withCreationTimestamp("2026-11-29T10:00:00Z").withOwnerReferences(ownerRef(rs)).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("registry.example/web@" + DIGEST_NEW)
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip)
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus().withName("app").withRestartCount(1)
                .withImageID("registry.example/web@" + DIGEST_NEW).endContainerStatus().endStatus().build())
                .create();
    }

    /** The Service {@code web}'s EndpointSlice naming {@code pod} at {@code ip}, port {@code http}. */
    void slice(String pod, String ip, int port) {
        client.discovery().v1().endpointSlices().inNamespace(NS).resource(new EndpointSliceBuilder()
                .withNewMetadata().withName("web-" + pod).withLabels(Map.of("kubernetes.io/service-name", "web"))
                .endMetadata().withAddressType("IPv4")
                .addNewPort().withName("http").withPort(port).withProtocol("TCP").endPort()
                .addNewEndpoint().withAddresses(ip).withNewTargetRef().withKind("Pod").withName(pod).withNamespace(NS)
                .endTargetRef().endEndpoint().build()).create();
    }

    private static OwnerReference ownerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).build();
    }
}
