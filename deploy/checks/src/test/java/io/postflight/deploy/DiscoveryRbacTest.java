package io.postflight.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Least privilege for Kubernetes target discovery (ADR 0029 §9): one account may read the API,
 * read-only, the resources it needs and no others (never secrets), granted per namespace and never
 * cluster-wide by what this repository ships; only its pod may reach the API server.
 */
class DiscoveryRbacTest {

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
