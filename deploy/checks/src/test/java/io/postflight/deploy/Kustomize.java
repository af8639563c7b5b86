package io.postflight.deploy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The part of Kustomize that deploy/k8s uses (resources, namespace, replicas, images, JSON and
 * delete patches), so that the overlays are rendered and checked on machines whose kubectl is
 * missing or too old (Debian's 1.20). A kustomization using anything else fails here, and where a
 * current kubectl is installed the two renderings must agree (RenderedOverlays).
 */
final class Kustomize {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> FIELDS =
            Set.of("apiVersion", "kind", "namespace", "resources", "replicas", "images", "patches");
    private static final Set<String> CLUSTER_SCOPED =
            Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume");
    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "ReplicaSet");

    private Kustomize() {
    }

    static List<ObjectNode> render(Path dir) throws IOException {
        JsonNode k = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
        k.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(dir + ": kustomization field '" + f + "' is not supported here");
            }
        });
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            objects.addAll(Files.isDirectory(p) ? render(p) : read(p));
        }
        for (JsonNode patch : k.path("patches")) {
            applyPatch(objects, patch);
        }
        for (JsonNode r : k.path("replicas")) {
            objects.stream().filter(o -> WORKLOADS.contains(o.path("kind").asText()) && name(o).equals(r.path("name").asText()))
                    .forEach(o -> ((ObjectNode) o.path("spec")).put("replicas", r.path("count").asInt()));
        }
        for (JsonNode image : k.path("images")) {
            objects.forEach(o -> containers(o).forEach(c -> retag((ObjectNode) c, image)));
        }
        if (k.has("namespace")) {
            objects.stream().filter(o -> !CLUSTER_SCOPED.contains(o.path("kind").asText()))
                    .forEach(o -> ((ObjectNode) o.path("metadata")).put("namespace", k.path("namespace").asText()));
        }
        return objects;
    }

    private static List<ObjectNode> read(Path file) throws IOException {
        List<ObjectNode> docs = new ArrayList<>();
        try (var it = YAML.readValues(YAML.createParser(file.toFile()), JsonNode.class)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc instanceof ObjectNode o && !o.isEmpty()) {
                    docs.add(o);
                }
            }
        }
        return docs;
    }

    private static void applyPatch(List<ObjectNode> objects, JsonNode patch) throws IOException {
        JsonNode target = patch.path("target");
        List<ObjectNode> matched = objects.stream()
                .filter(o -> !target.has("kind") || o.path("kind").asText().equals(target.path("kind").asText()))
                .filter(o -> !target.has("name") || name(o).equals(target.path("name").asText()))
                .toList();
        JsonNode body = YAML.readTree(patch.path("patch").asText());
        if (body.isObject() && "delete".equals(body.path("$patch").asText())) {
            objects.removeAll(matched);
            return;
        }
        if (!body.isArray()) {
            throw new IllegalArgumentException("only JSON patches and $patch: delete are supported: " + body);
        }
        for (ObjectNode o : matched) {
            for (JsonNode op : body) {
                JsonPointer path = JsonPointer.compile(op.path("path").asText());
                JsonNode parent = o.at(path.head());
                String last = path.last().getMatchingProperty();
                switch (op.path("op").asText()) {
                    case "replace", "add" -> {
                        if (parent instanceof ObjectNode p) {
                            p.set(last, op.path("value").deepCopy());
                        } else if (parent instanceof ArrayNode a) {
                            a.set(Integer.parseInt(last), op.path("value").deepCopy());
                        } else {
                            throw new IllegalArgumentException("no " + path + " in " + name(o));
                        }
                    }
                    case "remove" -> ((ObjectNode) parent).remove(last);
                    default -> throw new IllegalArgumentException("unsupported JSON patch op " + op);
                }
            }
        }
    }

    private static List<JsonNode> containers(ObjectNode o) {
        List<JsonNode> result = new ArrayList<>();
        JsonNode pod = o.path("spec").path("template").path("spec");
        pod.path("containers").forEach(result::add);
        pod.path("initContainers").forEach(result::add);
        return result;
    }

    /** Kustomize's images transformer: newName, newTag or digest for the image called name. */
    private static void retag(ObjectNode container, JsonNode image) {
        String ref = container.path("image").asText();
        int at = ref.indexOf('@');
        String digest = at < 0 ? "" : ref.substring(at);
        String nameTag = at < 0 ? ref : ref.substring(0, at);
        int colon = nameTag.lastIndexOf(':');
        String repo = colon > nameTag.lastIndexOf('/') ? nameTag.substring(0, colon) : nameTag;
        String tag = colon > nameTag.lastIndexOf('/') ? nameTag.substring(colon) : "";
        if (!repo.equals(image.path("name").asText())) {
            return;
        }
        if (image.has("newName")) {
            repo = image.path("newName").asText();
        }
        if (image.has("newTag")) {
            tag = ":" + image.path("newTag").asText();
        }
        if (image.has("digest")) {
            tag = "";
            digest = "@" + image.path("digest").asText();
        }
        container.put("image", repo + tag + digest);
    }

    private static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }
}
