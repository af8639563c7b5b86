package io.postflight.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The overlays of deploy/k8s rendered (by {@link Kustomize}, and cross-checked against
 * {@code kubectl kustomize} wherever a kubectl with Kustomize 4 or newer is installed) and parsed
 * with fabric8's Kubernetes model (custom resources such as ServiceMonitor as generic resources).
 */
final class RenderedOverlays {

    static final List<String> OVERLAYS = List.of("overlays/dev", "overlays/prod");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern KUSTOMIZE_VERSION = Pattern.compile("Kustomize Version: v(\\d+)");

    private RenderedOverlays() {
    }

    static List<HasMetadata> render(String overlay) {
        try {
            List<ObjectNode> rendered = Kustomize.render(Tools.root().resolve("deploy/k8s").resolve(overlay));
            if (modernKubectl()) {
                assertThat(kubectlRender(overlay)).as("kubectl kustomize %s and the test's rendering", overlay)
                        .containsExactlyInAnyOrderElementsOf(rendered);
            }
            List<HasMetadata> objects = new ArrayList<>();
            for (ObjectNode o : rendered) {
                objects.add(SERIALIZATION.unmarshal(YAML.writeValueAsString(o)));
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean modernKubectl() {
        if (!Tools.onPath("kubectl")) {
            return false;
        }
        Matcher m = KUSTOMIZE_VERSION.matcher(
                Tools.run(Tools.root(), List.of("kubectl", "version", "--client")).output());
        return m.find() && Integer.parseInt(m.group(1)) >= 4;
    }

    private static List<JsonNode> kubectlRender(String overlay) throws IOException {
        Tools.Result result = Tools.run(Tools.root().resolve("deploy/k8s"), List.of("kubectl", "kustomize", overlay));
        assertThat(result.exitCode()).as("kubectl kustomize %s:%n%s", overlay, result.output()).isZero();
        String yaml = String.join("\n", result.output().lines().filter(l -> !l.startsWith("# Warning:")).toList());
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readValues(YAML.createParser(yaml), JsonNode.class)) {
            it.forEachRemaining(docs::add);
        }
        return docs;
    }
}
