package io.postflight.judge.baseline;

import static io.postflight.judge.baseline.TrafficFixture.DEPLOYED_AT;
import static io.postflight.judge.baseline.TrafficFixture.atDeploy;
import static io.postflight.judge.baseline.TrafficFixture.baseline;
import static io.postflight.judge.baseline.TrafficFixture.steady;
import static io.postflight.judge.baseline.TrafficFixture.windowEnd;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Evidence;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.metrics.TrafficSeries;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BaselineJudgeTest {

    private final BaselineJudge judge = new BaselineJudge();

    @Test
    void healthyCandidateWatchesThenPassesAtTheEndOfTheWindow() {
        TrafficSeries base = baseline(steady(300, 0.005, 80), 1);
        TrafficSeries cand = atDeploy(steady(300, 0.005, 80), 2);
        assertThat(judge.evaluate(cand, base, null, DEPLOYED_AT + 600).status()).isEqualTo(JudgeStatus.WATCHING);
        JudgeVerdict end = judge.evaluate(cand, base, null, windowEnd());
        assertThat(end.status()).isEqualTo(JudgeStatus.PASSED);
        assertThat(evidence(end, "error-rate").labels()).containsEntry("baseline", "previous-window");
        assertThat(evidence(end, "error-rate").figures()).containsKeys("candidateRate", "comparisonRate",
                "eValue", "threshold", "oddsRatio");
        assertThat(evidence(end, "latency").figures()).containsKeys("candidateP99Ms", "comparisonP99Ms", "boundMs");
    }

    @Test
    void concurrentControlIsPreferredAndNamedInTheEvidence() {
        TrafficSeries base = baseline(steady(300, 0.005, 80), 1);
        JudgeVerdict v = judge.evaluate(atDeploy(steady(300, 0.005, 80), 2), base,
                atDeploy(steady(300, 0.005, 80), 3), windowEnd());
        assertThat(v.status()).isEqualTo(JudgeStatus.PASSED);
        assertThat(v.evidence()).allSatisfy(e -> assertThat(e.labels()).containsEntry("baseline", "control"));
    }

    @Test
    void newErrorsOnAZeroErrorBaselineFailEarly() {
        TrafficSeries base = baseline(steady(200, 0, 80), 1);
        TrafficSeries cand = atDeploy(steady(200, 0.02, 80), 2);
        JudgeVerdict v = judge.evaluate(cand, base, null, DEPLOYED_AT + 600);
        assertThat(v.status()).isEqualTo(JudgeStatus.FAILED);
        Evidence e = evidence(v, "error-rate");
        assertThat(e.breached()).isTrue();
        assertThat(e.figures().get("comparisonRate")).isZero();
        assertThat(e.figures().get("candidateRate")).isBetween(0.01, 0.03);
        assertThat(e.figures().get("eValue")).isGreaterThanOrEqualTo(e.figures().get("threshold"));
        assertThat(e.figures()).doesNotContainKey("rateRatio");
    }

    @Test
    void tooLittleTrafficIsInconclusiveNeverPassed() {
        TrafficSeries base = baseline(steady(3, 0, 80), 1);
        TrafficSeries cand = atDeploy(steady(3, 0, 80), 2);
        JudgeVerdict v = judge.evaluate(cand, base, null, windowEnd());
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).contains("too little traffic").contains("extend");
        assertThat(evidence(v, "traffic").figures()).containsEntry("candidateRequests", 360.0);
    }

    @Test
    void missingDataIsInconclusive() {
        TrafficSeries base = baseline(steady(300, 0.005, 80), 1);
        TrafficSeries full = atDeploy(steady(300, 0.005, 80), 2);
        boolean[] present = new boolean[full.steps()];
        Arrays.fill(present, 0, 60, true);
        TrafficSeries gappy = new TrafficSeries(full.startEpochSeconds(), full.stepSeconds(), full.requests(),
                full.errors(), full.bucketBoundsMs(), full.latencyBuckets(), present);
        JudgeVerdict v = judge.evaluate(gappy, base, null, windowEnd());
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).contains("data missing");
    }

    @Test
    void aBriefBlipOnTheCandidateAloneIsNotARollback() {
        TrafficSeries base = baseline(steady(300, 0.001, 80), 1);
        TrafficSeries cand = atDeploy(i -> new TrafficFixture.Step(300, i == 50 ? 0.2 : 0.001, 80), 2);
        for (long now = DEPLOYED_AT + 15; now <= windowEnd(); now += 15) {
            assertThat(judge.evaluate(cand, base, null, now).status()).isNotEqualTo(JudgeStatus.FAILED);
        }
        assertThat(judge.evaluate(cand, base, null, windowEnd()).status()).isEqualTo(JudgeStatus.PASSED);
    }

    @Test
    void aBlipSharedWithTheControlIsNotARollback() {
        TrafficFixture.Shape shape = i -> new TrafficFixture.Step(300, i >= 40 && i < 48 ? 0.3 : 0.002, 80);
        TrafficSeries base = baseline(steady(300, 0.002, 80), 1);
        JudgeVerdict v = judge.evaluate(atDeploy(shape, 2), base, atDeploy(shape, 3), windowEnd());
        assertThat(v.status()).isEqualTo(JudgeStatus.PASSED);
    }

    @Test
    void slowWarmUpIsIgnoredButASlowerVersionFails() {
        TrafficSeries base = baseline(steady(300, 0.002, 80), 1);
        TrafficSeries warming = atDeploy(i -> new TrafficFixture.Step(300, 0.002, i < 8 ? 400 : 80), 2);
        assertThat(judge.evaluate(warming, base, null, windowEnd()).status()).isEqualTo(JudgeStatus.PASSED);
        JudgeVerdict slower = judge.evaluate(atDeploy(steady(300, 0.002, 160), 3), base, null, windowEnd());
        assertThat(slower.status()).isEqualTo(JudgeStatus.FAILED);
        Evidence e = evidence(slower, "latency");
        assertThat(e.breached()).isTrue();
        assertThat(e.figures().get("candidateShareAbove")).isGreaterThan(
                1.5 * e.figures().get("comparisonShareAbove"));
    }

    @Test
    void aLoadRampWithinThePreviousWindowsRangeWithUnchangedBehaviourPasses() {
        TrafficSeries base = baseline(steady(200, 0.004, 80), 1);
        TrafficSeries ramp = atDeploy(i -> new TrafficFixture.Step(200 + i / 2, 0.004, 80), 2); // +30 %
        assertThat(judge.evaluate(ramp, base, null, windowEnd()).status()).isEqualTo(JudgeStatus.PASSED);
    }

    @Test
    void withoutAControlALoadFarBeyondThePreviousWindowsIsInconclusiveNotJudgedAcrossLoads() {
        // 200 to 676 requests a step (3.4x): nothing in the previous window tells how the old
        // version behaved at that load, so the version is not judged there, whichever way it went.
        TrafficSeries base = baseline(steady(200, 0.004, 80), 1);
        TrafficSeries ramp = atDeploy(i -> new TrafficFixture.Step(200 + 4L * i, 0.004, 80), 2);
        JudgeVerdict v = judge.evaluate(ramp, base, null, windowEnd());
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).startsWith("load differs from the previous window's");
        assertThat(judge.evaluate(ramp, base, atDeploy(i -> new TrafficFixture.Step(200 + 4L * i, 0.004, 80), 3),
                windowEnd()).status()).as("with a control the ramp is shared").isEqualTo(JudgeStatus.PASSED);
    }

    @Test
    void dataAfterNowIsNotUsed() {
        TrafficSeries base = baseline(steady(300, 0.001, 80), 1);
        TrafficSeries cand = atDeploy(i -> new TrafficFixture.Step(300, i < 60 ? 0.001 : 0.5, 80), 2);
        assertThat(judge.evaluate(cand, base, null, DEPLOYED_AT + 60 * 15).status()).isEqualTo(JudgeStatus.WATCHING);
        assertThat(judge.evaluate(cand, base, null, DEPLOYED_AT + 70 * 15).status()).isEqualTo(JudgeStatus.FAILED);
    }

    @Test
    void hardErrorTriggerFiresOnItsOwnWithinTheFirstFiveMinutes() {
        // An alpha so small the statistical tests cannot fire: only the guard can.
        BaselineJudge guardOnly = new BaselineJudge(new BaselinePolicy(BaselinePolicy.DEFAULT_WINDOW,
                BaselinePolicy.DEFAULT_WARM_UP, BaselinePolicy.DEFAULT_BLIP_ALLOWANCE, 1000, 0.8, 1e-300,
                1.5, 0.001, 1.5, 0.002, 0.05, BaselinePolicy.DEFAULT_HARD_ERROR_PERIOD, 2.0,
                BaselinePolicy.DEFAULT_HARD_CHECK_INTERVAL, 2, 50));
        TrafficSeries base = baseline(steady(300, 0.001, 80), 1);
        TrafficSeries cand = atDeploy(steady(300, 0.12, 80), 2);
        assertThat(guardOnly.evaluate(cand, base, null, DEPLOYED_AT + 105).status()).isEqualTo(JudgeStatus.WATCHING);
        JudgeVerdict v = guardOnly.evaluate(cand, base, null, DEPLOYED_AT + 120);
        assertThat(v.status()).isEqualTo(JudgeStatus.FAILED);
        Evidence guard = evidence(v, HardTriggers.ERROR_CHECK);
        assertThat(guard.breached()).isTrue();
        assertThat(guard.figures()).containsEntry("firedAtSeconds", 120.0).containsEntry("threshold", 0.05);
        assertThat(evidence(v, "error-rate").breached()).isFalse();
    }

    @Test
    void hardLatencyTriggerComparesP99AfterWarmUp() {
        BaselineJudge guardOnly = new BaselineJudge(new BaselinePolicy(BaselinePolicy.DEFAULT_WINDOW,
                BaselinePolicy.DEFAULT_WARM_UP, BaselinePolicy.DEFAULT_BLIP_ALLOWANCE, 1000, 0.8, 1e-300,
                1.5, 0.001, 1.5, 0.002, 0.05, BaselinePolicy.DEFAULT_HARD_ERROR_PERIOD, 2.0,
                BaselinePolicy.DEFAULT_HARD_CHECK_INTERVAL, 2, 50));
        TrafficSeries base = baseline(steady(300, 0.001, 80), 1);
        TrafficSeries cand = atDeploy(steady(300, 0.001, 400), 2);
        // Warm-up is 3 min = 12 steps: checks start at minute 4, fire after minutes 4 and 5.
        assertThat(guardOnly.evaluate(cand, base, null, DEPLOYED_AT + 285).status()).isEqualTo(JudgeStatus.WATCHING);
        JudgeVerdict v = guardOnly.evaluate(cand, base, null, DEPLOYED_AT + 300);
        assertThat(v.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(evidence(v, HardTriggers.LATENCY_CHECK).figures()).containsEntry("firedAtSeconds", 300.0);
        assertThat(evidence(v, HardTriggers.LATENCY_CHECK).figures().get("worstP99Ratio")).isGreaterThan(2.0);
    }

    @Test
    void aTinyDifferenceOnHugeTrafficIsWithinTolerance() {
        TrafficSeries base = baseline(steady(5000, 0.010, 80), 1);
        TrafficSeries cand = atDeploy(steady(5000, 0.012, 80), 2);
        JudgeVerdict v = judge.evaluate(cand, base, null, windowEnd());
        assertThat(v.status()).isEqualTo(JudgeStatus.PASSED);
        assertThat(evidence(v, "error-rate").figures().get("rateRatio")).isBetween(1.1, 1.3);
    }

    @Test
    void noDataAtAllIsInconclusive() {
        TrafficSeries empty = TrafficSeries.empty(DEPLOYED_AT, 15, TrafficFixture.BOUNDS);
        JudgeVerdict v = judge.evaluate(empty, TrafficSeries.empty(DEPLOYED_AT - 1800, 15, TrafficFixture.BOUNDS),
                null, windowEnd());
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(judge.evaluate(empty, empty, null, DEPLOYED_AT).status()).isEqualTo(JudgeStatus.WATCHING);
    }

    private static Evidence evidence(JudgeVerdict v, String check) {
        return v.evidence().stream().filter(e -> e.check().equals(check)).findFirst().orElseThrow();
    }
}
