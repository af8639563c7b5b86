package io.postflight.backtest;

import static io.postflight.backtest.CanaryScenarios.canary;
import static io.postflight.judge.baseline.TrafficFixture.steady;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.judge.JudgeStatus;
import io.postflight.judge.baseline.TrafficFixture;
import io.postflight.provider.recorded.Scenario;
import org.junit.jupiter.api.Test;

class CanaryScenarioReplayerTest {

    private final CanaryScenarioReplayer replayer = new CanaryScenarioReplayer();

    @Test
    void acceptsCanaryScenariosOnly() {
        Scenario s = canary("c", steady(100, 0, 80), steady(100, 0, 80), null);
        assertThat(replayer.accepts(s)).isTrue();
        Scenario drift = new Scenario(Scenario.FORMAT, "d", "drift", 60, 0, null, null, null, null, null);
        assertThat(replayer.accepts(drift)).isFalse();
    }

    @Test
    void healthyCandidateIsPromotedAtTheEndOfTheWindow() {
        BacktestVerdict v = replayer.replay(canary("ok", steady(300, 0.003, 80), steady(300, 0.003, 80),
                steady(300, 0.003, 80)));
        assertThat(v.id()).isEqualTo("ok");
        assertThat(v.decision()).isEqualTo("promote");
        assertThat(v.decidedAtSeconds()).isEqualTo(1800);
        assertThat(v.reasons().get(0)).startsWith("no regression vs control");
    }

    @Test
    void failureIsDecidedAfterItsOnsetNotBefore() {
        // Errors jump to 40 % at step 40 (600 s): the decision must come after 600 s, and soon after.
        TrafficFixture.Shape failing = i -> new TrafficFixture.Step(300, i >= 40 ? 0.4 : 0.002, 80);
        BacktestVerdict v = replayer.replay(canary("bad", failing, steady(300, 0.002, 80), null));
        assertThat(v.decision()).isEqualTo("rollback");
        assertThat(v.decidedAtSeconds()).isGreaterThan(600).isLessThanOrEqualTo(600 + 120);
        assertThat(v.reasons()).anySatisfy(r -> assertThat(r).startsWith("error-rate:"));
    }

    @Test
    void lowTrafficIsInconclusive() {
        BacktestVerdict v = replayer.replay(canary("quiet", steady(2, 0, 80), steady(2, 0, 80), null));
        assertThat(v.decision()).isEqualTo("inconclusive");
        assertThat(v.decidedAtSeconds()).isEqualTo(1800);
    }

    @Test
    void everyJudgeStatusMapsToAFormatDecision() {
        assertThat(CanaryScenarioReplayer.decision(JudgeStatus.FAILED)).isEqualTo("rollback");
        assertThat(CanaryScenarioReplayer.decision(JudgeStatus.PASSED)).isEqualTo("promote");
        assertThat(CanaryScenarioReplayer.decision(JudgeStatus.INCONCLUSIVE)).isEqualTo("inconclusive");
        assertThat(CanaryScenarioReplayer.decision(JudgeStatus.WATCHING)).isEqualTo("inconclusive");
    }
}
