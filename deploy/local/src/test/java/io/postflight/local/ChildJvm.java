package io.postflight.local;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A main class of this build in a child JVM (the test class path), with its output in files: a
 * process the tests can stop with SIGTERM ({@link #stop()}) or kill with SIGKILL ({@link #kill()}),
 * as an operator or a crash would.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildJvm(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code mainClass} with {@code args}, JVM options {@code jvmOptions} and extra environment. */
    public static ChildJvm start(String mainClass, List<String> args, List<String> jvmOptions, Map<String, String> env,
                                 Path workDir) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx384m");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "stdout-", ".txt");
        Path err = Files.createTempFile(workDir, "stderr-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("POSTFLIGHT_LOG_FILE", workDir.resolve("postflight.log").toString());
        pb.environment().putAll(env);
        return new ChildJvm(pb.start(), out, err);
    }

    public Process process() {
        return process;
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    /** Waits until the standard output holds {@code text}; fails early if the process died. */
    public void awaitOutput(String text, Duration timeout) {
        await("child JVM printed '" + text + "'").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive() && !stdout().contains(text)) {
                        throw new AssertionError("child JVM exited with " + process.exitValue() + " before printing '"
                                + text + "'; stdout:\n" + stdout() + "\nstderr:\n" + stderr());
                    }
                    return stdout().contains(text);
                });
    }

    /** SIGTERM, as {@code kill PID} or a container stop sends it. */
    public void stop() {
        process.destroy();
    }

    /** SIGKILL: no shutdown hook, no commit, no clean anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
