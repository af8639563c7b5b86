package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.Json;
import io.postflight.contracts.TargetsChanged;
import io.postflight.contracts.Topics;
import io.postflight.local.DemoTarget.Behaviour;
import io.postflight.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end through the launcher: a plain CDEvent {@code service.deployed} that names a service, an
 * environment and an image digest but no instance URL (what Argo CD, Flux or a {@code kubectl} step
 * emit) is verified against the pods a Kubernetes API server shows for that digest, in the cluster the
 * configuration names by a kubeconfig file. fabric8's mock API server in CRUD mode stands for the
 * cluster (no cluster or Docker on build machines); each pod's EndpointSlice points at an HTTP server
 * on loopback standing for that pod.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesDiscoveryIT {
    static KubernetesClient client;
    private static LocalStack stack;
    private static final List<DemoTarget> targets = new ArrayList<>();

    @BeforeAll
    static void start(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, kubeconfigFor(client.getMasterUrl().toString()));
        Map<String, Object> props = new HashMap<>();
        props.put("postflight.http-port", -1);
        props.put("postflight.gateway.phases", "HEALTH");
        props.put("postflight.health.probe-interval", "300ms");
        props.put("postflight.health.probe-timeout", "1s");
        props.put("postflight.health.pass-after-consecutive-healthy", 5);
        props.put("postflight.health.tick", "100ms");
        // Long enough that a pass never races the phase's end on a busy machine; the pass comes early.
        props.put("postflight.health.phase-duration", "90s");
        // The discovery service's cluster, by kubeconfig file as a cluster outside the service's own.
        props.put("postflight.discovery.clusters.eu-west-1.kubeconfig", kubeconfig.toString());
        props.put("postflight.discovery.tick", "200ms");
        // The gateway's rule: every service of environment "it" runs in namespace shop of eu-west-1.
        props.put("postflight.discovery.workloads[0].environment", "it");
        props.put("postflight.discovery.workloads[0].clusters", "eu-west-1");
        props.put("postflight.discovery.workloads[0].namespace", RolloutInCluster.NAMESPACE);
        props.put("postflight.discovery.workloads[0].kind", "Deployment");
        props.put("postflight.discovery.workloads[0].match", "digest");
        // A second cluster whose API server does not answer (nothing listens on its port), used for one service.
        Path unreachable = dir.resolve("kubeconfig-unreachable");
        Files.writeString(unreachable, kubeconfigFor("http://127.0.0.1:" + closedPort()));
        props.put("postflight.discovery.clusters.us-east-1.kubeconfig", unreachable.toString());
        props.put("postflight.discovery.workloads[1].service", "payments");
        props.put("postflight.discovery.workloads[1].environment", "it");
        props.put("postflight.discovery.workloads[1].clusters", "us-east-1");
        props.put("postflight.discovery.workloads[1].namespace", RolloutInCluster.NAMESPACE);
        stack = LocalStack.start(new String[0], props);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        targets.forEach(DemoTarget::close);
    }

    @Test
    void aNewVersionWhosePodsAreReadyIsPromotedAndTheOldVersionsPodIsNeverProbed() throws Exception {
        RolloutInCluster cart = new RolloutInCluster(client, "cart");
        DemoTarget oldPod = target("cart-old");
        DemoTarget newA = target("cart-new-a");
        DemoTarget newB = target("cart-new-b");
        cart.readyPod(cart.revision(1, "old1", digest("cart", "1.0.0")), "cart-old1-x", oldPod.url());
        ReplicaSet next = cart.revision(2, "new2", digest("cart", "2.0.0"));
        cart.readyPod(next, "cart-new2-a", newA.url());
        cart.readyPod(next, "cart-new2-b", newB.url());

        String id = announce("cart", "2.0.0");

        Decision decision = decisionFor(id);
        assertThat(decision.kind()).isEqualTo(DecisionKind.PROMOTE);
        assertThat(decision.reasons().get(0)).contains("HEALTH PASSED");
        assertThat(newA.probes()).isPositive();
        assertThat(newB.probes()).isPositive();
        assertThat(oldPod.probes()).as("the old version's pod is never a target").isZero();
        TargetsChanged seen = lastSnapshot(id);
        assertThat(seen.source()).isEqualTo("kubernetes-api");
        assertThat(seen.complete()).isTrue();
        assertThat(seen.pods()).extracting(TargetsChanged.Pod::pod).containsExactlyInAnyOrder("cart-new2-a", "cart-new2-b");
    }

    @Test
    void aNewVersionWhosePodCrashLoopsIsRolledBackNamingThePodAndTheReason() throws Exception {
        RolloutInCluster search = new RolloutInCluster(client, "search");
        DemoTarget oldPod = target("search-old");
        search.readyPod(search.revision(4, "old4", digest("search", "3.0.0")), "search-old4-x", oldPod.url());
        ReplicaSet next = search.revision(5, "new5", digest("search", "3.1.0"));
        search.crashLoopingPod(next, "search-new5-a", 4);

        String id = announce("search", "3.1.0");

        Decision decision = decisionFor(id);
        assertThat(decision.kind()).isEqualTo(DecisionKind.ROLLBACK);
        assertThat(decision.reasons().get(0)).contains("HEALTH FAILED");
        assertThat(String.join(" ", decision.reasons()) + decision.evidence())
                .contains("CrashLoopBackOff").contains("search-new5-a");
        assertThat(oldPod.probes()).isZero();
    }

    @Test
    void aClusterWhoseApiServerDoesNotAnswerHoldsTheDeploymentNeverPassesOrFailsIt() throws Exception {
        String id = announce("payments", "7.0.0");
        Decision decision = decisionFor(id);
        assertThat(decision.kind()).isEqualTo(DecisionKind.HOLD);
        assertThat(decision.reasons().get(0)).contains("HEALTH INCONCLUSIVE");
        assertThat(String.join(" ", decision.reasons()) + decision.evidence()).contains("us-east-1");
    }

    private static int closedPort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static DemoTarget target(String name) throws Exception {
        DemoTarget t = new DemoTarget(name, Behaviour.HEALTHY);
        targets.add(t);
        return t;
    }

    /**
     * A CDEvent {@code service.deployed} as a CD tool sends it: subject, environment and an artifact
     * pinned by digest, no Postflight custom data (so no instance URLs); binary CloudEvents mode.
     */
    private static String announce(String service, String version) throws Exception {
        String environment = "it";
        String ceId = UUID.randomUUID().toString();
        String cdevent = """
                {"context":{"specversion":"0.4.1","id":"%1$s","source":"/argocd/shop","type":"dev.cdevents.service.deployed.0.2.0","timestamp":"%2$s"},
                 "subject":{"id":"%3$s","source":"/argocd/shop","type":"service",
                  "content":{"environment":{"id":"%4$s","source":"/argocd/shop"},"artifactId":"pkg:oci/%3$s@%5$s?tag=%6$s"}}}
                """.formatted(ceId, Instant.now(), service, environment, digest(service, version), version);
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", stack.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topics.DEPLOY_EVENTS.name(),
                    (service + "/" + environment).getBytes(StandardCharsets.UTF_8), cdevent.getBytes(StandardCharsets.UTF_8));
            Map.of("ce_specversion", "1.0", "ce_id", ceId, "ce_source", "/argocd/shop",
                    "ce_type", "dev.cdevents.service.deployed.0.2.0", "content-type", "application/json")
                    .forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(r).get();
        }
        return ceId;
    }

    private static Decision decisionFor(String deploymentId) {
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), Topics.DECISIONS.name())) {
            List<ConsumerRecord<String, byte[]>> rs = reader.until(all -> all.stream()
                    .anyMatch(r -> names(r, deploymentId)), Duration.ofSeconds(240));
            return rs.stream().filter(r -> names(r, deploymentId)).map(r -> read(r, Decision.class)).findFirst()
                    .orElseThrow();
        }
    }

    private static TargetsChanged lastSnapshot(String deploymentId) {
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), Topics.TARGETS.name())) {
            List<TargetsChanged> seen = reader.drain(Duration.ofSeconds(3)).stream().filter(r -> names(r, deploymentId))
                    .map(r -> read(r, TargetsChanged.class)).toList();
            assertThat(seen).as("snapshots published for " + deploymentId).isNotEmpty();
            return seen.get(seen.size() - 1);
        }
    }

    private static boolean names(ConsumerRecord<String, byte[]> r, String deploymentId) {
        return new String(r.value(), StandardCharsets.UTF_8).contains("\"deploymentId\":\"" + deploymentId + "\"");
    }

    private static <T> T read(ConsumerRecord<String, byte[]> r, Class<T> type) {
        try {
            return Json.MAPPER.readValue(r.value(), type);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The image digest the CD tool announces and the new ReplicaSet runs: derived from the version. */
    private static String digest(String service, String version) throws Exception {
        byte[] sha = MessageDigest.getInstance("SHA-256").digest((service + ":" + version).getBytes(StandardCharsets.UTF_8));
        return "sha256:" + HexFormat.of().formatHex(sha);
    }

    private static String kubeconfigFor(String server) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: reader
                current-context: mock
                users:
                - name: reader
                  user:
                    token: not-a-real-token
                """.formatted(server);
    }
}
