package io.postflight.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
        Path dir = Replays.upward("shared", "scenarios", "dev");
        assumeTrue(dir != null, "shared/scenarios/dev not found beside the repository");
        Map<String, String> now = decisions(String.join("\n", Replays.verdicts(dir)));
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
}
