package io.postflight.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postflight.testing.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The image tars the build made work without Docker: unpacked as a container runtime would, their
 * own Java runs from them in a chroot (with a private /proc) as the image's non-root user, and
 * the gateway's and the discovery service's images start their service, which answers /health
 * against a real broker.
 * Needs root for chroot and mount; elsewhere it skips, saying so (fails where tools are required).
 */
class ImageIT {

    static final int HTTP_PORT = 8080;

    @TempDir
    Path work;

    /**
     * Every service's image; {@code -Dpostflight.image.only=discovery,gateway} checks only those (a
     * quicker look at one image while working on it: CI checks them all).
     */
    static List<String> services() {
        String only = System.getProperty("postflight.image.only", "").strip();
        return only.isEmpty() ? ManifestsTest.SERVICES
                : ManifestsTest.SERVICES.stream().filter(List.of(only.split(","))::contains).toList();
    }

    /**
     * fabric8 finds its client implementation and HTTP transport through ServiceLoader, so an image
     * without them builds and starts, and fails at its first watch; the mock API server and other test
     * libraries of the discovery module must stay out of it.
     */
    @Test
    void theDiscoveryImageCarriesTheKubernetesClientAndNoTestLibrary() throws IOException {
        Assumptions.assumeTrue(services().contains("discovery"), "discovery's image not selected");
        Path root = ImageTar.open(tar("discovery"), work).unpackInto(work.resolve("rootfs"));
        List<String> jars;
        try (var libs = Files.list(root.resolve("app/libs"))) {
            jars = libs.map(j -> j.getFileName().toString()).sorted().toList();
        }

        assertThat(jars).anyMatch(j -> j.matches("kubernetes-client-\\d.*\\.jar"))
                .anyMatch(j -> j.matches("kubernetes-httpclient-jdk-.*\\.jar"))
                .anyMatch(j -> j.matches("postflight-providers-kubernetes-.*\\.jar"));
        assertThat(jars).as("test libraries in the discovery image").noneMatch(j -> j.matches(
                "(kubernetes-server-mock|mockwebserver|kubernetes-junit-jupiter|junit|assertj|awaitility|"
                        + "kafka-streams-test-utils|postflight-test-kit|vertx|okhttp).*"));
    }

    @ParameterizedTest
    @MethodSource("services")
    void imageRunsItsOwnJavaAsANonRootUser(String service) throws IOException {
        ImageTar image = ImageTar.open(tar(service), work);
        assertThat(image.runConfig().path("User").asText()).isEqualTo("10001:10001");
        assertThat(image.runConfig().path("ExposedPorts").has(HTTP_PORT + "/tcp")).isTrue();
        assertThat(image.entrypoint()).contains("-XX:MaxRAMPercentage=60", "-XX:+ExitOnOutOfMemoryError");
        Path root = image.unpackInto(work.resolve("rootfs"));

        Tools.Result result = Tools.run(inContainer(root, image.env(), List.of("java", "-version")));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Runtime Environment");
    }

    /**
     * jlink's module list is written by hand (what is loaded by name is invisible to jdeps), so
     * a library update that starts using another JDK module must fail here, not in production
     * with a NoClassDefFoundError on the first request.
     */
    @ParameterizedTest
    @MethodSource("services")
    void runtimeHasEveryJdkModuleTheServiceCodeUses(String service) throws IOException {
        Path root = ImageTar.open(tar(service), work).unpackInto(work.resolve("rootfs"));
        List<String> code = new ArrayList<>();
        for (String dir : List.of("app/classpath", "app/libs")) {
            try (var jars = Files.list(root.resolve(dir))) {
                jars.map(Path::toString).sorted().forEach(code::add);
            }
        }
        List<String> jdeps = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jdeps").toString(),
                "--print-module-deps", "--ignore-missing-deps", "-q",
                "--multi-release", String.valueOf(Runtime.version().feature()),
                "--class-path", String.join(java.io.File.pathSeparator, code)));
        jdeps.addAll(code);
        Tools.Result used = Tools.run(root, jdeps);
        assertThat(used.exitCode()).as("jdeps: %s", used.output()).isZero();
        List<String> runtime = Files.readAllLines(root.resolve("opt/java/release")).stream()
                .filter(l -> l.startsWith("MODULES=")).flatMap(l -> List.of(l.substring(8).replace("\"", "").split(" ")).stream())
                .toList();
        String needed = used.output().strip().lines().reduce((first, last) -> last).orElse("");

        List<String> missing = List.of(needed.split(",")).stream().filter(m -> !runtime.contains(m)).toList();

        assertThat(missing).as("JDK modules %s uses but its image's runtime lacks"
                + " (add them to deploy/images/runtime-layer.sh)", service).isEmpty();
    }

    /**
     * On JDK 25 and newer each image carries an AOT cache made for its runtime and class path. A
     * cache made for another class path is silently useless (the JVM starts without it), so the
     * class path it was trained on must be the one the image's entrypoint uses, jar for jar, in order.
     */
    @ParameterizedTest
    @MethodSource("services")
    void theAotCacheWasMadeForTheImagesOwnClassPath(String service) throws IOException {
        Assumptions.assumeTrue(Runtime.version().feature() >= 25, "JDK " + Runtime.version().feature()
                + ": images carry no AOT cache before JDK 25");
        ImageTar image = ImageTar.open(tar(service), work);
        Path root = image.unpackInto(work.resolve("rootfs"));
        assertThat(root.resolve("app/aot/postflight.aot")).isRegularFile();
        assertThat(image.entrypoint()).contains("-XX:AOTCache=/app/aot/postflight.aot");
        assertThat(Files.readString(root.resolve("app/aot/classpath.txt")).strip())
                .isEqualTo(expanded(root, Files.readString(root.resolve("app/jib-classpath-file")).strip()));
    }

    /** A class path as the JVM expands it: {@code dir/*} is the jars in {@code dir}. */
    private static String expanded(Path root, String classpath) throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : classpath.split(":")) {
            if (entry.endsWith("/*")) {
                String dir = entry.substring(0, entry.length() - 2);
                try (var jars = Files.list(root.resolve(dir.substring(1)))) {
                    jars.map(j -> dir + "/" + j.getFileName()).sorted().forEach(entries::add);
                }
            } else {
                entries.add(entry);
            }
        }
        return String.join(":", entries);
    }

    /** The docs push and convert the tars as OCI archives: that is what jib writes. */
    @Test
    void tarsAreOciArchivesAsTheDocsSay() throws IOException {
        Assumptions.assumeTrue(services().contains("gateway"), "gateway's image not selected");
        Tools.Result listing = Tools.run(work, List.of("tar", "-tf", tar("gateway").toString()));
        assertThat(listing.output().lines().toList()).contains("oci-layout", "index.json")
                .doesNotContain("manifest.json");
        String docs = Files.readString(Tools.root().resolve("deploy/k8s/README.md"));
        assertThat(docs).contains("skopeo copy --digestfile", "oci-archive:services/")
                .doesNotContain("docker-archive:services/$s/target/jib-image.tar");
    }

    /** The services started from their images: the gateway (HTTP intake) and discovery (the Kubernetes client). */
    static List<String> startedServices() {
        return services().stream().filter(List.of("gateway", "discovery")::contains).toList();
    }

    @ParameterizedTest
    @MethodSource("startedServices")
    void imageStartsAndAnswersHealth(String service) throws Exception {
        ImageTar image = ImageTar.open(tar(service), work);
        Path root = image.unpackInto(work.resolve("rootfs"));
        int port = freePort();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            List<String> env = new ArrayList<>(image.env());
            env.add("POSTFLIGHT_KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers());
            env.add("POSTFLIGHT_HTTP_PORT=" + port);
            env.add("POSTFLIGHT_STATE_DIR=/tmp/state");
            env.add("MICRONAUT_ENVIRONMENTS=" + service);
            Path log = work.resolve(service + ".log");
            List<String> command = new ArrayList<>(image.entrypoint());
            if (Files.exists(root.resolve("app/aot/postflight.aot"))) {
                // "on", not the default "auto": a cache the JVM cannot use fails the start instead of
                // being skipped with a warning.
                command.add(1, "-XX:AOTMode=on");
            }
            Process started = inContainer(root, env, command)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(5)).build();
                await("the " + service + " from its image answers /health UP").atMost(Duration.ofMinutes(4))
                        .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .failFast("the " + service + " exited:\n" + "see " + log, () -> !started.isAlive())
                        .until(() -> http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n--- " + service + " output ---\n" + Files.readString(log), e);
            } finally {
                // chroot --userspec changes credentials, which clears the parent-death signal that
                // unshare's --kill-child relies on: the image's java outlived the test. End the whole tree.
                List<ProcessHandle> tree = started.descendants().toList();
                started.destroyForcibly().waitFor();
                for (ProcessHandle p : tree) {
                    p.destroyForcibly();
                    p.onExit().get(1, java.util.concurrent.TimeUnit.MINUTES);
                }
            }
        }
    }

    /**
     * The command as a container runtime would run it: a private mount namespace with /proc (the
     * JDK finds its own files through /proc/self/exe) and the runtime's minimal /dev (RocksDB
     * aborts without /dev/urandom), chroot into the image as its user, with only the image's
     * environment. --kill-child ends the service when the wrapper ends.
     */
    private static ProcessBuilder inContainer(Path root, List<String> env, List<String> command) {
        Tools.requireTool("0".equals(Tools.run(root, List.of("id", "-u")).output().strip()),
                "not root: chroot and mount need root, image not run");
        String unshare = Tools.which("unshare");
        String mount = Tools.which("mount");
        String chroot = Tools.which("chroot");
        Tools.requireTool(unshare != null && mount != null && chroot != null,
                "unshare/mount/chroot missing: image not run");
        try {
            Files.createDirectories(root.resolve("proc"));
            Files.createDirectories(root.resolve("dev"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(command);
        String java = args.remove(0);
        assertThat(java).as("entrypoint starts java").isIn("java", "/opt/java/bin/java");
        List<String> c = new ArrayList<>(List.of(unshare, "--mount", "--fork", "--kill-child", "/bin/sh", "-c",
                mount + " -t proc proc \"$0/proc\""
                        + " && " + mount + " -t tmpfs -o mode=755 tmpfs \"$0/dev\""
                        + " && for d in null zero full random urandom; do : > \"$0/dev/$d\""
                        + " && " + mount + " --bind \"/dev/$d\" \"$0/dev/$d\"; done"
                        + " && exec " + chroot + " --userspec=10001:10001 \"$0\" \"$@\"",
                root.toString(), "/opt/java/bin/java"));
        c.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(c);
        builder.environment().clear();
        for (String e : env) {
            int eq = e.indexOf('=');
            builder.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        return builder;
    }

    private static Path tar(String service) {
        Path tar = Tools.root().resolve("services/" + service + "/target/jib-image.tar");
        assertThat(tar).as("image tar of %s (built in the package phase)", service).exists();
        return tar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
