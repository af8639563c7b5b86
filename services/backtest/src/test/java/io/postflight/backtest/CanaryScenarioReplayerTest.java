package io.postflight.backtest;

import static io.postflight.backtest.CanaryScenarios.canary;
import static io.postflight.judge.baseline.TrafficFixture.steady;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.judge.JudgeStatus;
import io.postflight.judge.baseline.BaselineJudge;
import io.postflight.judge.baseline.FastChecks;
import io.postflight.judge.schedule.BaselineSchedule;
import java.time.Duration;
import io.postflight.judge.baseline.TrafficFixture;
import io.postflight.provider.recorded.Scenario;
import org.junit.jupiter.api.Test;

/**
 * The canary replay follows the baseline verifier's own schedule (finding 2 of issue 9: the replay
 * used to ask the judge every 15 s from 15 s on, earlier than the service can).
 */
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
    void healthyCandidateIsPromotedAtTheFirstServiceLookThatSeesTheWholeWindow() {
        // 30 minutes of 60 s steps are complete 30 s after they end (1830 s); looks are at 300 s + k·60 s.
        BacktestVerdict v = replayer.replay(canary("ok", steady(300, 0.003, 80), steady(300, 0.003, 80),
                steady(300, 0.003, 80)));
        assertThat(v.id()).isEqualTo("ok");
        assertThat(v.decision()).isEqualTo("promote");
        assertThat(v.decidedAtSeconds()).isEqualTo(1860);
        assertThat(v.reasons().get(0)).startsWith("no regression vs control");
    }

    @Test
    void aVersionFailingTenPercentFromTheStartIsRolledBackByTheFastChecksWithinTwoMinutes() {
        BacktestVerdict v = replayer.replay(canary("hard", steady(300, 0.10, 80), steady(300, 0.002, 80), null));
        assertThat(v.decision()).isEqualTo("rollback");
        // Fast checks: the first at 60 s, then every 15 s, on 15 s steps at least 15 s old.
        assertThat(v.decidedAtSeconds()).isBetween(60L, 120L);
        assertThat((v.decidedAtSeconds() - 60) % 15).isZero();
        assertThat(v.reasons().get(0)).startsWith("fast check failed");
        assertThat(v.reasons()).anySatisfy(r -> assertThat(r).startsWith("hard-trigger:error-rate:"));
    }

    @Test
    void aVersionAsBadAsItsComparisonIsNotRolledBackByTheFastChecks() {
        BacktestVerdict v = replayer.replay(canary("same-bad", steady(300, 0.08, 80), steady(300, 0.08, 80),
                steady(300, 0.08, 80)));
        assertThat(v.decision()).isEqualTo("promote");
    }

    @Test
    void theStatisticalJudgeDecidesOnlyAtTheServiceLooks() {
        // A latency regression from the start: below the hard triggers, so the statistical looks decide,
        // the first at 5 minutes, then one a minute.
        BacktestVerdict v = replayer.replay(canary("slow", steady(300, 0.002, 150), steady(300, 0.002, 80),
                steady(300, 0.002, 80)));
        assertThat(v.decision()).isEqualTo("rollback");
        assertThat(v.decidedAtSeconds()).isGreaterThanOrEqualTo(300);
        assertThat((v.decidedAtSeconds() - 300) % 60).isZero();
    }

    @Test
    void failureIsDecidedAfterItsOnsetNotBefore() {
        // Errors jump to 40 % at step 40 (600 s), after the fast checks: a statistical look decides,
        // after 600 s and soon after: the evidence must survive dropping the worst minute, so it
        // needs two complete minutes (to 720 s), complete 30 s later, seen at the look at 780 s.
        TrafficFixture.Shape failing = i -> new TrafficFixture.Step(300, i >= 40 ? 0.4 : 0.002, 80);
        BacktestVerdict v = replayer.replay(canary("bad", failing, steady(300, 0.002, 80), null));
        assertThat(v.decision()).isEqualTo("rollback");
        assertThat(v.decidedAtSeconds()).isGreaterThan(600).isLessThanOrEqualTo(600 + 180);
        assertThat(v.reasons()).anySatisfy(r -> assertThat(r).startsWith("error-rate:"));
    }

    @Test
    void lowTrafficIsInconclusiveWhenTheRecordingEndsDuringTheExtension() {
        BacktestVerdict v = replayer.replay(canary("quiet", steady(2, 0, 80), steady(2, 0, 80), null));
        assertThat(v.decision()).isEqualTo("inconclusive");
        assertThat(v.decidedAtSeconds()).isEqualTo(1860);
        assertThat(v.reasons().get(0)).isEqualTo("recording ends at 1800 s while the service would still be looking");
    }

    @Test
    void withoutExtensionTheServiceEndsThePhaseAtItsDeadline() {
        BaselineSchedule d = BaselineSchedule.DEFAULT;
        BaselineSchedule noExtension = new BaselineSchedule(d.phaseStart(), d.phaseEnd(), d.lookInterval(),
                d.dataDelay(), d.step(), Duration.ZERO, d.fastChecks());
        CanaryScenarioReplayer strict = new CanaryScenarioReplayer(new BaselineJudge(), new FastChecks(), noExtension,
                CanaryScenarioReplayer.DEFAULT_HEALTH_PASSED_AFTER);
        BacktestVerdict v = strict.replay(canary("quiet", steady(2, 0, 80), steady(2, 0, 80), null));
        assertThat(v.decision()).isEqualTo("inconclusive");
        assertThat(v.decidedAtSeconds()).isEqualTo(1860);
        assertThat(v.reasons().get(0)).startsWith("too little traffic");
    }

    @Test
    void everyJudgeStatusMapsToAFormatDecision() {
        assertThat(CanaryScenarioReplayer.decision(JudgeStatus.FAILED)).isEqualTo("rollback");
        assertThat(CanaryScenarioReplayer.decision(JudgeStatus.PASSED)).isEqualTo("promote");
        assertThat(CanaryScenarioReplayer.decision(JudgeStatus.INCONCLUSIVE)).isEqualTo("inconclusive");
        assertThat(CanaryScenarioReplayer.decision(JudgeStatus.WATCHING)).isEqualTo("inconclusive");
    }
}
