package io.postflight.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Least privilege for Kubernetes target discovery (ADR 0029 §9): one account may read the API,
 * read-only, the resources it needs and no others (never secrets), granted per namespace and never
 * cluster-wide by what this repository ships; only its pod carries a token, its own account's, and only
 * its pod may reach the API server.
 */
class DiscoveryRbacTest {
    private static final String NAME = "app.kubernetes.io/name";

    static List<String> overlays() {
        return RenderedOverlays.OVERLAYS;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theDiscoveryRoleOnlyReadsWhatDiscoveryNeeds(String overlay) {
        List<HasMetadata> objects = RenderedOverlays.render(overlay);
        ClusterRole role = ManifestsTest.find(objects, ClusterRole.class, "postflight-discovery-reader");

        assertThat(role.getRules()).allSatisfy(rule -> {
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
            assertThat(rule.getResources()).doesNotContain("secrets", "*", "pods/exec", "pods/log", "configmaps");
            assertThat(rule.getApiGroups()).doesNotContain("*");
            assertThat(rule.getResourceNames()).isNullOrEmpty();
        });
        Set<String> granted = role.getRules().stream()
                .flatMap(r -> r.getApiGroups().stream().flatMap(g -> r.getResources().stream().map(res -> g + "/" + res)))
                .collect(Collectors.toSet());
        assertThat(granted).containsExactlyInAnyOrder("/pods", "apps/deployments", "apps/replicasets",
                "apps/statefulsets", "discovery.k8s.io/endpointslices", "argoproj.io/rollouts");
        assertThat(role.getRules()).extracting(PolicyRule::getNonResourceURLs).allSatisfy(u -> assertThat(u).isNullOrEmpty());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void nothingIsGrantedClusterWideAndTokensStayUnmounted(String overlay) {
        List<HasMetadata> objects = RenderedOverlays.render(overlay);

        assertThat(objects).noneSatisfy(o -> assertThat(o.getKind()).isEqualTo("ClusterRoleBinding"));
        assertThat(objects).filteredOn(o -> o instanceof ServiceAccount).isNotEmpty()
                .allSatisfy(o -> assertThat(((ServiceAccount) o).getAutomountServiceAccountToken())
                        .as(o.getMetadata().getName()).isFalse());
        NetworkPolicy api = ManifestsTest.find(objects, NetworkPolicy.class, "postflight-egress-kube-api");
        assertThat(api.getSpec().getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", "discovery");
        assertThat(api.getSpec().getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactlyInAnyOrder(443, 6443);
            assertThat(rule.getTo()).allSatisfy(peer -> assertThat(peer.getIpBlock()).isNotNull());
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyTheDiscoveryPodMountsATokenAndItIsItsOwnAccounts(String overlay) {
        List<HasMetadata> objects = RenderedOverlays.render(overlay);
        List<PodTemplateSpec> pods = podTemplates(objects);
        assertThat(pods).as("pod templates").hasSizeGreaterThanOrEqualTo(ManifestsTest.SERVICES.size());

        for (PodTemplateSpec pod : pods) {
            String name = pod.getMetadata().getLabels().get(NAME);
            PodSpec spec = pod.getSpec();
            boolean discovery = ManifestsTest.DISCOVERY.equals(name);
            // Explicit on every pod: the API's default is to mount the account's token.
            assertThat(spec.getAutomountServiceAccountToken()).as("%s mounts a token", name).isEqualTo(discovery);
            assertThat(spec.getServiceAccountName()).as("%s's account", name)
                    .isEqualTo(discovery ? "postflight-discovery" : "postflight");
            assertThat(spec.getVolumes()).as("%s: a token projected by hand", name)
                    .noneSatisfy(v -> assertThat(v.getProjected()).isNotNull().satisfies(p -> assertThat(p.getSources())
                            .anySatisfy(src -> assertThat(src.getServiceAccountToken()).isNotNull())));
        }
        assertThat(pods).filteredOn(p -> ManifestsTest.DISCOVERY.equals(p.getMetadata().getLabels().get(NAME)))
                .as("the discovery pod").hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyTheDiscoveryPodReachesTheApiServerAndItReachesKafkaAndIsScraped(String overlay) {
        List<HasMetadata> objects = RenderedOverlays.render(overlay);
        NetworkPolicy api = ManifestsTest.find(objects, NetworkPolicy.class, "postflight-egress-kube-api");

        List<String> reachingTheApi = podTemplates(objects).stream()
                .filter(p -> selects(api.getSpec().getPodSelector(), p.getMetadata().getLabels()))
                .map(p -> p.getMetadata().getLabels().get(NAME)).toList();

        assertThat(reachingTheApi).containsExactly(ManifestsTest.DISCOVERY);
        Map<String, String> discovery = podTemplates(objects).stream()
                .filter(p -> ManifestsTest.DISCOVERY.equals(p.getMetadata().getLabels().get(NAME)))
                .findFirst().orElseThrow().getMetadata().getLabels();
        for (String needed : List.of("postflight-default-deny", "postflight-egress-dns-kafka", "postflight-ingress-http")) {
            NetworkPolicy policy = ManifestsTest.find(objects, NetworkPolicy.class, needed);
            assertThat(selects(policy.getSpec().getPodSelector(), discovery)).as("%s selects the discovery pod", needed)
                    .isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theDiscoveryServiceLoadsAClusterReadWithItsOwnAccount(String overlay) throws Exception {
        List<HasMetadata> objects = RenderedOverlays.render(overlay);
        ConfigMap config = ManifestsTest.find(objects, ConfigMap.class, "postflight-discovery");
        JsonNode clusters = new YAMLMapper().readTree(config.getData().get("discovery.yml"))
                .path("postflight").path("discovery").path("clusters");

        assertThat(clusters.properties()).as("clusters of discovery.yml").isNotEmpty().anySatisfy(c -> {
            assertThat(c.getKey()).matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
            assertThat(c.getValue().path("in-cluster").asBoolean()).isTrue();
        });
        PodSpec pod = ManifestsTest.find(objects, StatefulSet.class, ManifestsTest.DISCOVERY).getSpec().getTemplate()
                .getSpec();
        assertThat(pod.getVolumes()).filteredOn(v -> v.getConfigMap() != null)
                .anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo("postflight-discovery"));
        assertThat(pod.getContainers().get(0).getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("MICRONAUT_CONFIG_FILES");
            assertThat(e.getValue()).contains("/etc/postflight/discovery/discovery.yml");
        });
    }

    /** Every pod template the overlay renders (StatefulSets, Deployments, Jobs, DaemonSets alike). */
    private static List<PodTemplateSpec> podTemplates(List<HasMetadata> objects) {
        List<PodTemplateSpec> pods = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof StatefulSet s) {
                pods.add(s.getSpec().getTemplate());
            } else if (o instanceof Deployment d) {
                pods.add(d.getSpec().getTemplate());
            } else if (o instanceof DaemonSet d) {
                pods.add(d.getSpec().getTemplate());
            } else if (o instanceof Job j) {
                pods.add(j.getSpec().getTemplate());
            } else {
                assertThat(o.getKind()).as("a kind with pods this test does not read").isNotIn("Pod", "CronJob", "ReplicaSet");
            }
        }
        return pods;
    }

    /** A label selector as the API server matches it (matchLabels and matchExpressions, all must hold). */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        boolean byLabels = selector.getMatchLabels() == null || selector.getMatchLabels().entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        boolean byExpressions = selector.getMatchExpressions() == null || selector.getMatchExpressions().stream()
                .allMatch(x -> switch (x.getOperator()) {
                    case "In" -> x.getValues().contains(labels.get(x.getKey()));
                    case "NotIn" -> !x.getValues().contains(labels.get(x.getKey()));
                    case "Exists" -> labels.containsKey(x.getKey());
                    case "DoesNotExist" -> !labels.containsKey(x.getKey());
                    default -> throw new AssertionError("unknown operator " + x.getOperator());
                });
        return byLabels && byExpressions;
    }

    @Test
    void aWatchedNamespaceGrantsTheReaderRoleToTheDiscoveryAccountThere() {
        List<HasMetadata> objects = RenderedOverlays.render("discovery-namespace");

        assertThat(objects).singleElement().isInstanceOf(RoleBinding.class);
        RoleBinding binding = (RoleBinding) objects.get(0);
        assertThat(binding.getMetadata().getNamespace()).isEqualTo("watched-namespace");
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo("postflight-discovery-reader");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo("postflight-discovery");
            assertThat(s.getNamespace()).isEqualTo("postflight");
        });
    }
}
