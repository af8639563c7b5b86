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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
                assertThat(differences(kubectlRender(overlay), rendered))
                        .as("kubectl kustomize %s against the test's rendering", overlay).isEmpty();
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

    /** Where the two renderings differ, as kind/name and JSON pointer (block scalars' final newline aside). */
    static List<String> differences(List<? extends JsonNode> expected, List<? extends JsonNode> actual) {
        Map<String, JsonNode> byName = new TreeMap<>();
        actual.forEach(o -> byName.put(key(o), o));
        List<String> found = new ArrayList<>();
        for (JsonNode e : expected) {
            JsonNode a = byName.remove(key(e));
            if (a == null) {
                found.add(key(e) + ": missing");
            } else {
                diff(key(e), "", e, a, found);
            }
        }
        byName.keySet().forEach(k -> found.add(k + ": not in kubectl's rendering"));
        return found;
    }

    private static void diff(String key, String path, JsonNode e, JsonNode a, List<String> found) {
        if (e.isObject() && a.isObject()) {
            Set<String> names = new TreeSet<>();
            e.fieldNames().forEachRemaining(names::add);
            a.fieldNames().forEachRemaining(names::add);
            names.forEach(n -> diff(key, path + "/" + n, e.path(n), a.path(n), found));
        } else if (e.isArray() && a.isArray() && e.size() == a.size()) {
            for (int i = 0; i < e.size(); i++) {
                diff(key, path + "/" + i, e.get(i), a.get(i), found);
            }
        } else if (e.isTextual() && a.isTextual() ? !e.asText().stripTrailing().equals(a.asText().stripTrailing())
                : !e.equals(a)) {
            found.add(key + path + ": kubectl " + e + ", test " + a);
        }
    }

    private static String key(JsonNode o) {
        return o.path("kind").asText() + "/" + o.path("metadata").path("name").asText();
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
