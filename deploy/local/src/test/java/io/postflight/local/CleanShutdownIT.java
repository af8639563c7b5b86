package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code postflight.jar run} stopped with SIGTERM, as an operator or a container runtime stops it:
 * no broker errors, its own stop line, and no state folder left in the temporary directory unless
 * asked to keep it. The command runs in a child JVM whose temporary directory is the test's own.
 */
class CleanShutdownIT {
    /** A missing stop line says why only on standard error (a broker that could not stop, say). */
    private static final String STDERR = "stdout of the stopped run; its stderr:%n%s";
    private static final Pattern ERROR_LINE = Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d ERROR |Exception");

    @Test
    void sigtermStopsRunInOrderPrintsTheStopLineAndRemovesTheStateFolder() throws Exception {
        Path tmp = Files.createTempDirectory("shutdown-it");
        try (ChildJvm run = start(tmp, List.of())) {
            run.awaitOutput("Ctrl-C stops", Duration.ofMinutes(4));
            assertThat(stateFolders(tmp)).as("the running stack keeps its state in the temporary directory")
                    .isNotEmpty();
            run.stop();
            assertThat(run.process().waitFor(2, TimeUnit.MINUTES)).as("stopped within 2 min").isTrue();
            assertThat(run.stdout()).as(STDERR, run.stderr()).contains("Postflight is stopping ...")
                    .contains("Postflight stopped.");
            assertThat(run.stderr()).doesNotContainPattern(ERROR_LINE);
            assertThat(run.process().exitValue()).isZero();
            assertThat(stateFolders(tmp)).isEmpty();
        }
    }

    @Test
    void sigtermDuringStartUpStopsWhatStartedAndLeavesNothingBehind() throws Exception {
        Path tmp = Files.createTempDirectory("shutdown-early-it");
        try (ChildJvm run = start(tmp, List.of())) {
            // The state folder is the first thing start-up makes; the broker and services come after.
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !stateFolders(tmp).isEmpty());
            run.stop();
            assertThat(run.process().waitFor(2, TimeUnit.MINUTES)).as("stopped within 2 min").isTrue();
            assertThat(run.stdout()).as("stderr: %s", run.stderr()).containsPattern("Postflight stopped( before it was ready)?\\.");
            assertThat(run.stderr()).doesNotContain("failed").doesNotContainPattern(ERROR_LINE);
            assertThat(run.process().exitValue()).isZero();
            assertThat(stateFolders(tmp)).isEmpty();
        }
    }

    @Test
    void theStateFolderIsKeptWhenAsked() throws Exception {
        Path tmp = Files.createTempDirectory("shutdown-keep-it");
        try (ChildJvm run = start(tmp, List.of("--keep-state"))) {
            run.awaitOutput("Ctrl-C stops", Duration.ofMinutes(4));
            run.stop();
            assertThat(run.process().waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(run.stdout()).as(STDERR, run.stderr()).contains("Postflight stopped; state kept in");
            assertThat(stateFolders(tmp)).hasSize(1);
        }
    }

    private static ChildJvm start(Path tmp, List<String> flags) throws Exception {
        List<String> args = Stream.concat(Stream.of("run"), flags.stream()).toList();
        return ChildJvm.start(PostflightCli.class.getName(), args, List.of("-Djava.io.tmpdir=" + tmp), Map.of(),
                tmp.resolve("work"));
    }

    private static List<Path> stateFolders(Path tmp) throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("postflight-state")).toList();
        }
    }
}
