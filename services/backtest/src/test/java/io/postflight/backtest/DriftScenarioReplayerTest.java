package io.postflight.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.Json;
import io.postflight.provider.recorded.Scenario;
import io.postflight.provider.recorded.ScenarioReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftScenarioReplayerTest {
    private static final double MIB = 1024.0 * 1024.0;
    private static final long DEPLOYED_AT = 1_767_268_800L;
    private static final long PROMOTED = 1860;

    private final DriftScenarioReplayer replayer = new DriftScenarioReplayer();

    /** A day of minute gauges: flat with a GC saw-tooth and jitter, plus a memory leak if asked. */
    private static Scenario.Window window(long start, int minutes, double leakPerHour, long seed, boolean memory) {
        Random rnd = new Random(seed);
        double[] mem = new double[minutes];
        double[] cpu = new double[minutes];
        double[] disk = new double[minutes];
        for (int i = 0; i < minutes; i++) {
            mem[i] = 900 * MIB + 80 * MIB * (i % 7) / 7.0 + 2 * MIB * rnd.nextGaussian() + leakPerHour * i / 60.0;
            cpu[i] = 0.5 + 0.02 * rnd.nextGaussian();
            disk[i] = 5000 * MIB + 0.1 * MIB * rnd.nextGaussian();
        }
        return new Scenario.Window(start, null, null, null, memory ? mem : null, cpu, disk);
    }

    private static Scenario drift(String id, double leakPerHour, int candidateMinutes, boolean candidateMemory) {
        return new Scenario(Scenario.FORMAT, id, "drift", 60, DEPLOYED_AT, null, Map.of("memoryBytes", 2048 * MIB),
                window(DEPLOYED_AT - 86_400, 1440, 0, 1, true),
                window(DEPLOYED_AT, candidateMinutes, leakPerHour, 2, candidateMemory), null);
    }

    @Test
    void theDriftClockStartsAtThePromotionTheBaselinePhasePublishes() {
        // The PROMOTE comes at the first baseline look with the whole 30-minute window: 1860 s.
        assertThat(replayer.promotedAfterSeconds()).isEqualTo(1860);
    }

    @Test
    void aLeakIsRolledBackAtTheLookThatEstablishedIt() {
        BacktestVerdict v = replayer.replay(drift("leak", 40 * MIB, 1440, true));
        assertThat(v.id()).isEqualTo("leak");
        assertThat(v.decision()).isEqualTo("rollback");
        // Looks every 15 minutes from the promotion, the first after 4 hours of it.
        long sincePromotion = v.decidedAtSeconds() - PROMOTED;
        assertThat(sincePromotion % 900).isZero();
        assertThat(sincePromotion).isBetween(4 * 3600L, 8 * 3600L);
        assertThat(v.reasons()).hasSize(1);
        assertThat(v.reasons().get(0)).startsWith("memory leak: memory floor +").contains("limit 2 GiB in about");
    }

    @Test
    void aSteadyDayIsPromotedAtItsEnd() {
        BacktestVerdict v = replayer.replay(drift("steady", 0, 1440, true));
        assertThat(v.decision()).isEqualTo("promote");
        assertThat(v.decidedAtSeconds()).isEqualTo(PROMOTED + 86_400);
        assertThat(v.reasons()).hasSize(5);
        assertThat(v.reasons().get(0)).startsWith("no significant, relevant upward trend");
        // The memory-limit evidence is there; its wording depends on how much of the recording is left
        // once the watch starts at the promotion (a 24 h recording ends 31 min before the watch does).
        assertThat(v.reasons().get(4)).startsWith("memory");
    }

    @Test
    void withoutMemorySamplesTheVerdictIsInconclusive() {
        BacktestVerdict v = replayer.replay(drift("no-memory", 0, 1440, false));
        assertThat(v.decision()).isEqualTo("inconclusive");
        assertThat(v.decidedAtSeconds()).isEqualTo(PROMOTED + 86_400);
    }

    @Test
    void dataThatStopsEarlyIsNotAPass() {
        BacktestVerdict v = replayer.replay(drift("short", 0, 6 * 60, true));
        assertThat(v.decision()).isEqualTo("inconclusive");
        assertThat(v.decidedAtSeconds()).isEqualTo(PROMOTED + 86_400);
        assertThat(v.reasons().get(0)).contains("could not test");
    }

    @Test
    void acceptsDriftScenariosOnly() {
        assertThat(replayer.accepts(drift("d", 0, 10, true))).isTrue();
        Scenario canary = new Scenario(Scenario.FORMAT, "c", "canary", 15, DEPLOYED_AT, new double[] {5, 10},
                null, null, null, null);
        assertThat(replayer.accepts(canary)).isFalse();
    }

    /**
     * The acceptance bar on the shared development scenarios, when they are present: false
     * rollbacks at most 2 %, detection at least 95 %. Skipped on machines without them.
     */
    @Test
    void meetsTheAcceptanceBarOnTheDevelopmentScenarios() throws Exception {
        Path dir = Path.of(System.getProperty("postflight.scenarios", "../../../shared/scenarios/dev"));
        assumeTrue(Files.isRegularFile(dir.resolve("truth.jsonl")), "no scenarios at " + dir.toAbsolutePath());
        Map<String, String> expected = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("truth.jsonl"))) {
            JsonNode t = Json.MAPPER.readTree(line);
            if ("drift".equals(t.get("kind").asText())) {
                expected.put(t.get("id").asText(), t.get("expected").asText());
            }
        }
        int good = 0;
        int bad = 0;
        int falseRollbacks = 0;
        int detected = 0;
        for (Path p : ScenarioReader.list(dir)) {
            Scenario s = ScenarioReader.read(p);
            if (!replayer.accepts(s)) {
                continue;
            }
            BacktestVerdict v = replayer.replay(s);
            if ("promote".equals(expected.get(s.id()))) {
                good++;
                falseRollbacks += "rollback".equals(v.decision()) ? 1 : 0;
            } else {
                bad++;
                detected += "rollback".equals(v.decision()) ? 1 : 0;
            }
        }
        assertThat(good + bad).isEqualTo(expected.size()).isPositive();
        assertThat((double) falseRollbacks / good).isLessThanOrEqualTo(0.02);
        assertThat((double) detected / bad).isGreaterThanOrEqualTo(0.95);
    }
}
