package io.postflight.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An image tar as jib's buildTar writes it (OCI layout, or Docker's manifest.json), unpacked
 * the way a container runtime would: its layers extracted in order into one root filesystem.
 */
final class ImageTar {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final JsonNode config;
    private final List<Path> layers;

    private ImageTar(Path dir, JsonNode config, List<Path> layers) {
        this.dir = dir;
        this.config = config;
        this.layers = layers;
    }

    /** Extracts {@code tar} into {@code workDir}/image and reads its manifest and config. */
    static ImageTar open(Path tar, Path workDir) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve("image"));
        untar(tar, dir, false);
        List<Path> layers = new ArrayList<>();
        JsonNode config;
        if (Files.exists(dir.resolve("index.json"))) {
            JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
            JsonNode manifest = JSON.readTree(blob(dir, index.path("manifests").get(0).path("digest")).toFile());
            config = JSON.readTree(blob(dir, manifest.path("config").path("digest")).toFile());
            manifest.path("layers").forEach(l -> layers.add(blob(dir, l.path("digest"))));
        } else {
            JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile()).get(0);
            config = JSON.readTree(dir.resolve(manifest.path("Config").asText()).toFile());
            manifest.path("Layers").forEach(l -> layers.add(dir.resolve(l.asText())));
        }
        return new ImageTar(dir, config, layers);
    }

    /** The image's run configuration: Entrypoint, Cmd, Env, User, ExposedPorts. */
    JsonNode runConfig() {
        return config.path("config");
    }

    List<String> entrypoint() {
        List<String> command = new ArrayList<>();
        runConfig().path("Entrypoint").forEach(a -> command.add(a.asText()));
        runConfig().path("Cmd").forEach(a -> command.add(a.asText()));
        return command;
    }

    List<String> env() {
        List<String> env = new ArrayList<>();
        runConfig().path("Env").forEach(e -> env.add(e.asText()));
        return env;
    }

    /** Every layer extracted, first to last, into {@code root}, keeping modes and owners. */
    Path unpackInto(Path root) throws IOException {
        Files.createDirectories(root);
        for (Path layer : layers) {
            untar(layer, root, true);
        }
        return root;
    }

    private static Path blob(Path dir, JsonNode digest) {
        String[] parts = digest.asText().split(":", 2);
        return dir.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
    }

    private static void untar(Path archive, Path into, boolean gzip) {
        // Owners are kept where they can be (as root); elsewhere the files are the caller's.
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> command = new ArrayList<>(List.of("tar", root ? "--same-owner" : "--no-same-owner", "-p"));
        command.add(gzip ? "-xzf" : "-xf");
        command.add(archive.toString());
        command.addAll(List.of("-C", into.toString()));
        Tools.Result result = Tools.run(into, command);
        assertThat(result.exitCode()).as("%s: %s", command, result.output()).isZero();
    }

    Path dir() {
        return dir;
    }
}
