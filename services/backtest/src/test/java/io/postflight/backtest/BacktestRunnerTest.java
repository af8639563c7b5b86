package io.postflight.backtest;

import static io.postflight.backtest.CanaryScenarios.canary;
import static io.postflight.judge.baseline.TrafficFixture.steady;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.Json;
import io.postflight.provider.recorded.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestRunnerTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void writesOneVerdictLinePerScenarioInFileOrder() throws Exception {
        write("a.json", canary("a-good", steady(300, 0.002, 80), steady(300, 0.002, 80), null));
        write("b.json", canary("b-bad", steady(300, 0.3, 80), steady(300, 0.002, 80), null));
        Files.writeString(dir.resolve("truth.jsonl"), "{}\n");

        int status = BacktestRunner.run(dir, print(out), print(err));

        assertThat(status).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode first = Json.MAPPER.readTree(lines.get(0));
        assertThat(first.get("id").asText()).isEqualTo("a-good");
        assertThat(first.get("decision").asText()).isEqualTo("promote");
        // The service's first look with the whole window complete: 30 min of data, 30 s delay, looks at 5 min + k min.
        assertThat(first.get("decidedAtSeconds").asLong()).isEqualTo(1860);
        assertThat(first.get("reasons").isArray()).isTrue();
        JsonNode second = Json.MAPPER.readTree(lines.get(1));
        assertThat(second.get("decision").asText()).isEqualTo("rollback");
        assertThat(second.get("decidedAtSeconds").asLong()).isLessThanOrEqualTo(120);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aBrokenScenarioIsReportedAndTheOthersStillJudged() throws Exception {
        Files.writeString(dir.resolve("a.json"), "{\"format\": \"deploy-verification-scenario/1\", \"id\": ");
        Files.writeString(dir.resolve("b.json"), "{\"format\": \"something-else/9\", \"id\": \"x\"}");
        write("c.json", canary("c-good", steady(300, 0.002, 80), steady(300, 0.002, 80), null));

        int status = BacktestRunner.run(dir, print(out), print(err));

        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("\"id\":\"c-good\""));
        String messages = err.toString(StandardCharsets.UTF_8);
        assertThat(messages).contains("a.json").contains("b.json").contains("2 of 3");
    }

    @Test
    void aMissingFolderIsAnError() {
        int status = BacktestRunner.run(dir.resolve("nope"), print(out), print(err));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope").contains("not a directory");
        assertThat(out.size()).isZero();
    }

    @Test
    void scenariosGoToTheFirstReplayerThatAcceptsThem() {
        ScenarioReplayer never = new ScenarioReplayer() {
            public boolean accepts(Scenario s) {
                return false;
            }

            public BacktestVerdict replay(Scenario s) {
                throw new AssertionError("not accepted");
            }
        };
        ScenarioReplayer fixed = new ScenarioReplayer() {
            public boolean accepts(Scenario s) {
                return true;
            }

            public BacktestVerdict replay(Scenario s) {
                return new BacktestVerdict(s.id(), "promote", 7, List.of("fixed"));
            }
        };
        Scenario s = canary("any", steady(10, 0, 80), steady(10, 0, 80), null);
        assertThat(new BacktestRunner(List.of(never, fixed)).replay(s).decidedAtSeconds()).isEqualTo(7);
        assertThat(BacktestRunner.defaultReplayers()).hasSize(2);
        assertThat(BacktestRunner.defaultReplayers().get(0)).isInstanceOf(CanaryScenarioReplayer.class);
        assertThat(BacktestRunner.defaultReplayers().get(1)).isInstanceOf(DriftScenarioReplayer.class);
    }

    private void write(String name, Scenario s) throws Exception {
        Files.writeString(dir.resolve(name), Json.MAPPER.writeValueAsString(s));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
