package io.postflight.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes a service image's JDK AOT cache at build time (JEP 483/514, JDK 25+): lays the service's
 * jars out as the image has them ({@code app/classpath/<service jar>}, then {@code app/libs/<each
 * dependency>} in the build's order), starts an in-JVM broker, runs the service once on the
 * image's own Java runtime with {@code -XX:AOTCacheOutput} until it is ready and a little after,
 * and stops it gracefully, which is when the JVM writes the cache. The cache is valid for exactly
 * that runtime and that class path; the JVM checks both at start and runs without the cache (a
 * slower start, nothing else) when they differ.
 *
 * <pre>
 * AotTraining JAVA OUT_DIR PROJECT_JAR CLASSPATH_FILE MAIN_CLASS [JVM_FLAG...]
 * </pre>
 *
 * writes {@code OUT_DIR/image/postflight.aot} and {@code OUT_DIR/image/classpath.txt} (the class
 * path as the image spells it, which {@code ImageIT} compares with the image's own), both for the
 * image's {@code /app/aot}, and the training run's output to {@code OUT_DIR/training.log}.
 */
public final class AotTraining {

    private static final FileTime JIB_FILE_TIME = FileTime.from(Instant.ofEpochSecond(1));

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: AotTraining JAVA OUT_DIR PROJECT_JAR CLASSPATH_FILE MAIN_CLASS [JVM_FLAG...]");
            System.exit(2);
        }
        String java = args[0];
        Path out = Path.of(args[1]).toAbsolutePath();
        Path projectJar = Path.of(args[2]);
        List<String> deps = Arrays.stream(Files.readString(Path.of(args[3])).strip().split(File.pathSeparator))
                .filter(s -> !s.isBlank()).toList();
        String main = args[4];
        List<String> flags = List.of(args).subList(5, args.length);

        Path mirror = out.resolve("mirror");
        deleteTree(mirror);
        List<String> imagePath = new ArrayList<>();
        List<String> localPath = new ArrayList<>();
        place(projectJar, mirror, "app/classpath", imagePath, localPath);
        for (String dep : deps) {
            place(Path.of(dep), mirror, "app/libs", imagePath, localPath);
        }
        Path image = out.resolve("image");
        Files.createDirectories(image);
        Files.writeString(image.resolve("classpath.txt"), String.join(":", imagePath) + "\n", StandardCharsets.UTF_8);
        Path cache = image.resolve("postflight.aot");
        Files.deleteIfExists(cache);

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            train(java, cache, flags, String.join(File.pathSeparator, localPath), main, kafka, out);
        }
        if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
            throw new IllegalStateException("the JVM wrote no AOT cache: see " + out.resolve("training.log"));
        }
        deleteTree(mirror);
        System.out.printf("aot-training: %s (%d MiB) for %s%n", cache, Files.size(cache) >> 20, main);
    }

    /** Copies a jar where the image has it; records its path in the image and here. */
    private static void place(Path jar, Path mirror, String dir, List<String> imagePath, List<String> localPath)
            throws IOException {
        Path target = mirror.resolve(dir).resolve(jar.getFileName().toString());
        if (Files.exists(target)) {
            // jib would rename one of the two, and the class path trained on would not be the image's.
            throw new IllegalStateException("two jars named " + jar.getFileName() + " on the class path: the AOT"
                    + " cache cannot match the image's layout; exclude one of them");
        }
        Files.createDirectories(target.getParent());
        Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
        // The time jib gives every file of an image (its default, for reproducible images): the JVM
        // compares a jar's modification time with the one it was trained on.
        Files.setLastModifiedTime(target, JIB_FILE_TIME);
        imagePath.add("/" + dir + "/" + jar.getFileName());
        localPath.add(target.toString());
    }

    private static void train(String java, Path cache, List<String> flags, String classpath, String main,
                              EmbeddedKafka kafka, Path out) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:AOTCacheOutput=" + cache));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", classpath, main));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(out.resolve("training.log").toFile());
        pb.environment().put("POSTFLIGHT_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        pb.environment().put("POSTFLIGHT_STATE_DIR", Files.createTempDirectory("aot-training-state").toString());
        pb.environment().put("POSTFLIGHT_HTTP_PORT", String.valueOf(port));
        Process p = pb.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (true) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the service exited during training: see "
                            + out.resolve("training.log"));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the service was not ready within 5 minutes of training");
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            Thread.sleep(3_000); // a little of the steady work (punctuators, commits, metrics) is in the cache too
        } finally {
            p.destroy(); // SIGTERM: a graceful stop, when the JVM writes the cache
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
