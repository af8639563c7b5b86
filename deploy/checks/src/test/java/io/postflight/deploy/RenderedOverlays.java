package io.postflight.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/**
 * The overlays of deploy/k8s as {@code kubectl kustomize} renders them, parsed with fabric8's
 * Kubernetes model (custom resources such as ServiceMonitor as generic resources).
 */
final class RenderedOverlays {

    static final List<String> OVERLAYS = List.of("overlays/dev", "overlays/prod");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private RenderedOverlays() {
    }

    /** The objects {@code kubectl kustomize deploy/k8s/<overlay>} renders. */
    @SuppressWarnings("unchecked")
    static List<HasMetadata> render(String overlay) {
        assumeTrue(Tools.onPath("kubectl"),
                "kubectl is not installed (apt-get install kubernetes-client): overlays not rendered");
        Tools.Result result = Tools.run(Tools.root().resolve("deploy/k8s"), List.of("kubectl", "kustomize", overlay));
        assertThat(result.exitCode()).as("kubectl kustomize %s:%n%s", overlay, result.output()).isZero();
        String yaml = result.output().lines().filter(l -> !l.startsWith("# Warning:"))
                .reduce("", (a, b) -> a + b + "\n");
        Object parsed = SERIALIZATION.unmarshal(yaml);
        if (parsed instanceof KubernetesList list) {
            return list.getItems();
        }
        if (parsed instanceof List<?> list) {
            return (List<HasMetadata>) list;
        }
        return List.of((HasMetadata) parsed);
    }
}
