package io.postflight.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.postflight.testing.NoBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clusters bind from {@code postflight.discovery.clusters.<name>} as an operator writes them: a
 * kubeconfig alone, or {@code in-cluster: true} alone; a wrong one stops start-up naming the property.
 */
class ClusterConfigBindingTest {

    private static ApplicationContext start(Map<String, Object> clusters) throws Exception {
        Map<String, Object> p = NoBroker.properties();
        p.put("postflight.state-dir", Files.createTempDirectory("cluster-config-test").toString());
        p.put("postflight.streams.discovery.application-id", "cluster-config-test-" + UUID.randomUUID());
        p.putAll(clusters);
        return ApplicationContext.builder(DiscoveryApplication.ENVIRONMENT).properties(p).deduceEnvironment(false)
                .start();
    }

    private static List<ClusterConfig> clusters(ApplicationContext ctx) {
        return ctx.getBeansOfType(ClusterConfig.class).stream().sorted(Comparator.comparing(ClusterConfig::name))
                .toList();
    }

    @Test
    void aKubeconfigAloneOrInClusterAloneIsEnough(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
        try (ApplicationContext ctx = start(Map.of(
                "postflight.discovery.clusters.eu-west-1.kubeconfig", kubeconfig.toString(),
                "postflight.discovery.clusters.eu-west-1.context", "prod",
                "postflight.discovery.clusters.local.in-cluster", true))) {
            assertThat(clusters(ctx)).containsExactly(
                    new ClusterConfig("eu-west-1", false, kubeconfig.toString(), "prod"),
                    new ClusterConfig("local", true, null, null));
        }
    }

    @Test
    void aClusterWithNeitherStopsStartUpNamingIt() {
        assertThatThrownBy(() -> start(Map.of("postflight.discovery.clusters.eu-west-1.context", "prod")))
                .hasStackTraceContaining("postflight.discovery.clusters.eu-west-1")
                .hasStackTraceContaining("set exactly one of in-cluster: true or kubeconfig: <file>");
    }
}
