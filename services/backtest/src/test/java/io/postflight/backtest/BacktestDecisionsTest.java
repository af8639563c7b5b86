package io.postflight.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Guards the backtest's decisions: replaying the labelled development scenarios must give, for
 * every scenario, the decision and decision time recorded in {@code dev-decisions.jsonl}. A change
 * that moves any of them (a refactor, a library swap) fails here; a change meant to move them
 * updates the file in the same commit, so the difference is reviewed. The reasons' wording is free.
 *
 * <p>The scenarios live in {@code shared/scenarios/dev} beside the repository; without them the
 * test is skipped.
 */
class BacktestDecisionsTest {

    @Test
    void devScenariosKeepTheirDecisionsAndTimes() throws IOException {
        Path dir = scenarios();
        assumeTrue(dir != null, "shared/scenarios/dev not found beside the repository");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BacktestRunner.run(dir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Map<String, String> now = decisions(out.toString(StandardCharsets.UTF_8));
        Map<String, String> recorded = recorded();
        Map<String, String> changed = new TreeMap<>();
        recorded.forEach((id, was) -> {
            if (!was.equals(now.get(id))) {
                changed.put(id, was + " -> " + now.get(id));
            }
        });
        now.keySet().stream().filter(id -> !recorded.containsKey(id)).forEach(id -> changed.put(id, "new"));
        assertThat(changed).as("scenarios whose decision or decision time changed").isEmpty();
        assertThat(now).hasSize(380);
    }

    /** id → "decision@seconds" of each verdict line. */
    private static Map<String, String> decisions(String jsonLines) throws IOException {
        Map<String, String> byId = new TreeMap<>();
        for (String line : jsonLines.lines().filter(l -> !l.isBlank()).toList()) {
            JsonNode v = Json.MAPPER.readTree(line);
            byId.put(v.get("id").asText(), v.get("decision").asText() + "@" + v.get("decidedAtSeconds").asLong());
        }
        return byId;
    }

    private static Map<String, String> recorded() throws IOException {
        try (InputStream in = BacktestDecisionsTest.class.getResourceAsStream("/dev-decisions.jsonl")) {
            return decisions(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** {@code shared/scenarios/dev} in this folder or one above it, as a checkout and CI lay it out. */
    private static Path scenarios() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path dev = p.resolve("shared").resolve("scenarios").resolve("dev");
            if (Files.isDirectory(dev)) {
                return dev;
            }
        }
        return null;
    }
}
