package io.postflight.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The repository's root and the external commands (kubectl, promtool, tar) the checks run. */
final class Tools {

    private Tools() {
    }

    /** The result of a finished command: exit code and its merged output. */
    record Result(int exitCode, String output) {
    }

    /**
     * Skips the calling test, saying why, when a tool it needs is missing; fails it instead where
     * the build requires every tool ({@code -Dchecks.requireTools=true}, as .ci/run sets it), so
     * that CI never passes with the rules or images unchecked.
     */
    static void requireTool(boolean present, String whatIsMissing) {
        if (!present && Boolean.getBoolean("postflight.checks.requireTools")) {
            throw new AssertionError(whatIsMissing + " (required: -Dchecks.requireTools=true)");
        }
        Assumptions.assumeTrue(present, whatIsMissing);
    }

    static Path root() {
        return Path.of(System.getProperty("postflight.root", "../..")).toAbsolutePath().normalize();
    }

    /** True when {@code command} is an executable on PATH. */
    static boolean onPath(String command) {
        return which(command) != null;
    }

    /** The absolute path of {@code command} on PATH (or in /usr/sbin, /sbin), or null. */
    static String which(String command) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return Path.of(dir, command).toString();
            }
        }
        return null;
    }

    /** Runs a command to its end (10 minutes at most: a hung tool fails the check, never the build). */
    static Result run(Path workDir, List<String> command) {
        return run(new ProcessBuilder(command).directory(workDir.toFile()));
    }

    /** Runs a prepared command to its end, its error output merged into its output. */
    static Result run(ProcessBuilder builder) {
        List<String> command = builder.command();
        try {
            Process process = builder.redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }
}
