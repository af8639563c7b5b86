package io.postflight.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed adversarial scenarios (benchmarks/scenarios/adversarial, made by each folder's
 * generate.py: load ramps on saturating code without a control, over-dispersed errors, rises just
 * inside and just outside the tolerance, low-traffic regressions, memory at and near its limit, late
 * leaks) replayed on the services' schedule: no good deployment is rolled back and no bad one is
 * promoted. Holding (INCONCLUSIVE) is allowed here; docs/benchmarks.md reports how often.
 */
class AdversarialScenariosTest {

    @ParameterizedTest
    @ValueSource(strings = {"canary", "drift"})
    void noGoodDeploymentIsRolledBackAndNoBadOneIsPromoted(String kind) throws IOException {
        Path dir = Replays.upward("benchmarks", "scenarios", "adversarial", kind);
        assumeTrue(dir != null, "benchmarks/scenarios/adversarial not found");
        Map<String, String> expected = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("truth.jsonl"))) {
            JsonNode t = Json.MAPPER.readTree(line);
            expected.put(t.get("id").asText(), t.get("expected").asText() + " (" + t.get("family").asText() + ")");
        }
        List<String> wrong = new ArrayList<>();
        for (String line : Replays.verdicts(dir)) {
            JsonNode v = Json.MAPPER.readTree(line);
            String id = v.get("id").asText();
            String truth = expected.get(id);
            String decision = v.get("decision").asText();
            boolean falseRollback = truth.startsWith("promote") && decision.equals("rollback");
            boolean missed = truth.startsWith("rollback") && decision.equals("promote");
            if (falseRollback || missed) {
                wrong.add(id + ": expected " + truth + ", got " + decision + ": " + v.get("reasons").get(0).asText());
            }
        }
        assertThat(wrong).as("false rollbacks and promoted regressions").isEmpty();
        assertThat(expected).hasSizeGreaterThanOrEqualTo(30);
    }
}
