package io.postflight.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the scenario tests share: finding a scenario folder from a checkout, and replaying it. */
final class Replays {
    private Replays() {
    }

    /** {@code first/rest…} in this folder or one above it, as a checkout and CI lay it out; null if absent. */
    static Path upward(String first, String... rest) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path dir = p.resolve(Path.of(first, rest));
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        return null;
    }

    /** The backtest's verdict lines for {@code dir}; fails the test when the run itself fails. */
    static List<String> verdicts(Path dir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BacktestRunner.run(dir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
}
