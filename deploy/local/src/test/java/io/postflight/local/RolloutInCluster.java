package io.postflight.local;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One Deployment's rollout as the Deployment controller, the kubelet and the EndpointSlice controller
 * would have written it into fabric8's mock API server, where no controller runs: the Deployment, one
 * ReplicaSet per revision (pinned to its image digest), its pods with their status, and one
 * EndpointSlice per pod pointing at the HTTP server that stands for that pod on loopback (a slice per
 * pod, so each pod can have a port of its own).
 */
final class RolloutInCluster {
    static final String NAMESPACE = "shop";

    private final KubernetesClient client;
    private final String service;
    private final Deployment deployment;

    RolloutInCluster(KubernetesClient client, String service) {
        this.client = client;
        this.service = service;
        this.deployment = client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName(service).withUid(UUID.randomUUID().toString()).withLabels(labels())
                .withGeneration(1L).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(labels()).endSelector()
                .withTemplate(template("sha256:" + "0".repeat(64))).endSpec().build()).create();
    }

    private Map<String, String> labels() {
        return Map.of("app.kubernetes.io/name", service);
    }

    private PodTemplateSpec template(String digest) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels()).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image(digest)).endContainer().endSpec()
                .build();
    }

    private String image(String digest) {
        return "registry.example/" + service + "@" + digest;
    }

    /** The ReplicaSet of revision {@code revision}, its pods labelled with {@code hash}, running {@code digest}. */
    ReplicaSet revision(int revision, String hash, String digest) {
        return client.apps().replicaSets().inNamespace(NAMESPACE).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(service + "-" + hash).withUid(UUID.randomUUID().toString())
                .withLabels(Map.of("app.kubernetes.io/name", service, "pod-template-hash", hash))
                .withAnnotations(Map.of("deployment.kubernetes.io/revision", Integer.toString(revision)))
                .withOwnerReferences(ownerRef(deployment)).endMetadata()
                .withNewSpec().withReplicas(2).withTemplate(template(digest)).endSpec().build()).create();
    }

    /** A pod of {@code rs}, Running and Ready, serving at {@code url}'s port on loopback. */
    void readyPod(ReplicaSet rs, String pod, String url) {
        ContainerStatus running = new ContainerStatusBuilder().withName("app").withRestartCount(0).withReady(true)
                .withImageID(imageOf(rs)).withNewState().withNewRunning().withStartedAt(now()).endRunning()
                .endState().build();
        pod(rs, pod, true, running);
        slice(pod, URI.create(url).getPort());
    }

    /** A pod of {@code rs} whose container keeps crashing: waiting in CrashLoopBackOff, restarted {@code restarts} times. */
    void crashLoopingPod(ReplicaSet rs, String pod, int restarts) {
        ContainerStatus crashing = new ContainerStatusBuilder().withName("app").withRestartCount(restarts)
                .withReady(false).withImageID(imageOf(rs)).withNewState().withNewWaiting()
                .withReason("CrashLoopBackOff").withMessage("back-off 40s restarting failed container").endWaiting()
                .endState().withNewLastState().withNewTerminated().withReason("Error").withExitCode(1).endTerminated()
                .endLastState().build();
        pod(rs, pod, false, crashing);
    }

    private String imageOf(ReplicaSet rs) {
        return rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private void pod(ReplicaSet rs, String pod, boolean ready, ContainerStatus status) {
        String hash = rs.getMetadata().getLabels().get("pod-template-hash");
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(pod)
                .withNamespace(NAMESPACE).withLabels(Map.of("app.kubernetes.io/name", service, "pod-template-hash", hash))
                .withCreationTimestamp(now()).withOwnerReferences(ownerRef(rs)).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(imageOf(rs)).endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP("127.0.0.1")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .addToContainerStatuses(status).endStatus().build()).create();
    }

    private void slice(String pod, int port) {
        client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).resource(new EndpointSliceBuilder()
                .withNewMetadata().withName(pod).withLabels(Map.of("kubernetes.io/service-name", service))
                .endMetadata().withAddressType("IPv4")
                .addNewPort().withName("http").withPort(port).withProtocol("TCP").endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                .withNewTargetRef().withKind("Pod").withName(pod).withNamespace(NAMESPACE).endTargetRef()
                .endEndpoint().build()).create();
    }

    private static String now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private static OwnerReference ownerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).build();
    }
}
