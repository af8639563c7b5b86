package io.postflight.judge.baseline;

import static io.postflight.judge.baseline.TrafficFixture.DEPLOYED_AT;
import static io.postflight.judge.baseline.TrafficFixture.atDeploy;
import static io.postflight.judge.baseline.TrafficFixture.baseline;
import static io.postflight.judge.baseline.TrafficFixture.steady;
import static io.postflight.judge.baseline.TrafficFixture.windowEnd;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.metrics.TrafficSeries;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * How the baseline judge words its verdicts: rates with their intervals and the requests and minutes
 * they rest on, never a raw e-value; and what it could not judge: the verifier's own overload, short
 * windows.
 */
class BaselineJudgeWordingTest {

    private final BaselineJudge judge = new BaselineJudge();

    /** The candidate with only its first {@code observed} steps present (the rest were never sampled). */
    private static TrafficSeries gappy(int observed) {
        TrafficSeries full = atDeploy(steady(300, 0.005, 80), 2);
        boolean[] present = new boolean[full.steps()];
        Arrays.fill(present, 0, observed, true);
        return new TrafficSeries(full.startEpochSeconds(), full.stepSeconds(), full.requests(), full.errors(),
                full.bucketBoundsMs(), full.latencyBuckets(), present);
    }

    @Test
    void dataMissingWhileTheVerifierWasStarvedSaysTheVerifierWasOverloaded() {
        TrafficSeries base = baseline(steady(300, 0.005, 80), 1);
        // 86 of 120 steps observed (72 %): the scrapes of the other 34 ran late in the starved verifier.
        JudgeVerdict v = judge.evaluate(gappy(86), base, null, windowEnd(), 34);
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).startsWith(BaselineJudge.VERIFIER_OVERLOADED)
                .contains("its own scrapes ran late or not at all in 34 of the window's 120 steps of 15 s")
                .contains("72 % of the window was observed on both sides, 80 % needed")
                .doesNotContain("data missing");
        assertThat(v.evidence().stream().filter(e -> e.check().equals("traffic")).findFirst().orElseThrow()
                .figures()).containsEntry("verifierStarvedSteps", 34.0);
    }

    @Test
    void aGapLargerThanTheStarvedStepsIsTheDataAsWellAsTheVerifier() {
        TrafficSeries base = baseline(steady(300, 0.005, 80), 1);
        // 60 of 120 observed, only 2 starved: the verifier does not explain the other 58 steps.
        JudgeVerdict v = judge.evaluate(gappy(60), base, null, windowEnd(), 2);
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).startsWith("data missing: 50 % of the window observed on both sides, 80 % needed")
                .contains("the verifier was overloaded too: its own scrapes ran late or not at all in 2 of the window's 120 steps");
    }

    @Test
    void dataMissingWithAVerifierThatRanOnTimeIsStillDataMissing() {
        TrafficSeries base = baseline(steady(300, 0.005, 80), 1);
        JudgeVerdict v = judge.evaluate(gappy(86), base, null, windowEnd(), 0);
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).startsWith("data missing").doesNotContain(BaselineJudge.VERIFIER_OVERLOADED);
    }

    /** The candidate at {@code perStep} requests a step with only its last {@code observed} steps sampled. */
    private static TrafficSeries quietAndLate(int perStep, int observed) {
        TrafficSeries full = atDeploy(steady(perStep, 0.005, 80), 2);
        boolean[] present = new boolean[full.steps()];
        Arrays.fill(present, full.steps() - observed, full.steps(), true);
        return new TrafficSeries(full.startEpochSeconds(), full.stepSeconds(), full.requests(), full.errors(),
                full.bucketBoundsMs(), full.latencyBuckets(), present);
    }

    @Test
    void tooFewRequestsBecauseTheVerifierMissedStepsSaysTheVerifierWasOverloaded() {
        TrafficSeries base = baseline(steady(9, 0.005, 80), 1);
        // 9 requests a step: 1 080 over the whole window, 1 000 needed. The verifier reached the
        // version late (its intake was starved) and sampled only the last 100 of 120 steps: 900.
        JudgeVerdict starved = judge.evaluate(quietAndLate(9, 100), base, null, windowEnd(), 20);
        assertThat(starved.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(starved.summary()).startsWith(BaselineJudge.VERIFIER_OVERLOADED)
                .contains("its own scrapes ran late or not at all in 20 of the window's 120 steps of 15 s")
                .contains("so only 900 candidate and 900 previous-window requests were observed (1000 needed on each side)")
                .doesNotContain("too little traffic");

        // Starved steps that still have their readings hide no requests: the traffic is what it is.
        JudgeVerdict readAnyway = judge.evaluate(quietAndLate(9, 100), base, null, windowEnd(), 120);
        assertThat(readAnyway.summary()).as("at most the 20 steps without data count")
                .startsWith(BaselineJudge.VERIFIER_OVERLOADED);
        JudgeVerdict allRead = judge.evaluate(atDeploy(steady(8, 0.005, 80), 2), baseline(steady(8, 0.005, 80), 1),
                null, windowEnd(), 30);
        assertThat(allRead.summary()).as("every step read: 960 requests are the traffic's shortfall")
                .startsWith("too little traffic");

        JudgeVerdict onTime = judge.evaluate(quietAndLate(9, 100), base, null, windowEnd(), 0);
        assertThat(onTime.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(onTime.summary()).startsWith("too little traffic").doesNotContain(BaselineJudge.VERIFIER_OVERLOADED);
    }

    @Test
    void tooLittleTrafficEvenWhereTheVerifierWasStarvedIsTheTrafficsShortfall() {
        TrafficSeries base = baseline(steady(5, 0.005, 80), 1);
        // 5 requests a step: 600 over the whole window, so the missed steps cannot explain it.
        JudgeVerdict v = judge.evaluate(quietAndLate(5, 100), base, null, windowEnd(), 20);
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).startsWith("too little traffic")
                .contains("the verifier was overloaded too: its own scrapes ran late or not at all in 20 of the window's 120 steps");
    }

    @Test
    void aStarvedVerifierWithEnoughDataStillJudges() {
        TrafficSeries base = baseline(steady(300, 0.005, 80), 1);
        JudgeVerdict v = judge.evaluate(atDeploy(steady(300, 0.005, 80), 2), base, null, windowEnd(), 10);
        assertThat(v.status()).isEqualTo(JudgeStatus.PASSED);
    }

    @Test
    void windowsShorterThanAMinuteOrNotWholeMinutesAreWrittenWithTheirSeconds() {
        TrafficSeries base = baseline(steady(300, 0.005, 80), 1);
        TrafficSeries cand = atDeploy(steady(300, 0.005, 80), 2);
        JudgeVerdict watching = judge.evaluate(cand, base, null, DEPLOYED_AT + 45);
        assertThat(watching.summary()).startsWith("watching 45 s of 30 min");

        BaselineJudge odd = new BaselineJudge(BaselinePolicy.DEFAULT.withWindow(Duration.ofSeconds(1830)));
        JudgeVerdict passed = odd.evaluate(cand, base, null, windowEnd() + 30);
        assertThat(passed.status()).isEqualTo(JudgeStatus.PASSED);
        assertThat(passed.summary()).contains("over 30 min 30 s;");
    }

    private static io.postflight.contracts.Evidence evidence(JudgeVerdict v, String check) {
        return v.evidence().stream().filter(e -> e.check().equals(check)).findFirst().orElseThrow();
    }

    @Test
    void aRegressionIsSaidWithRatesIntervalsAndMinutesNotAnEValue() {
        TrafficSeries base = baseline(steady(300, 0.005, 80), 1);
        JudgeVerdict v = judge.evaluate(atDeploy(steady(300, 0.04, 80), 2), base, null, windowEnd(), 0);
        assertThat(v.status()).isEqualTo(JudgeStatus.FAILED);
        String error = evidence(v, RegressionChecks.ERROR_CHECK).summary();
        assertThat(error).matches("error rate \\d\\.\\d\\d % \\[\\d\\.\\d\\d %–\\d\\.\\d\\d %\\] of [0-9 ]+ requests vs"
                + " previous-window 0\\.\\d+ % \\[.+\\] of [0-9 ]+ requests over \\d+ min.*: higher beyond the"
                + " tolerance, shown beyond chance \\(tolerance 1\\.50× and \\+0\\.\\d+ points\\)");
        assertThat(v.summary()).doesNotContain("e-value").doesNotContainPattern("\\b1e\\d");
    }

    @Test
    void aPassSaysWhatWasComparedAndThatNothingWasShownHigher() {
        TrafficSeries base = baseline(steady(300, 0.005, 80), 1);
        JudgeVerdict v = judge.evaluate(atDeploy(steady(300, 0.005, 80), 2), base, null, windowEnd(), 0);
        assertThat(v.status()).isEqualTo(JudgeStatus.PASSED);
        assertThat(evidence(v, RegressionChecks.ERROR_CHECK).summary()).contains(": not shown higher");
        assertThat(evidence(v, RegressionChecks.LATENCY_CHECK).summary()).startsWith("slower than ")
                .contains(" warm-up: ");
        assertThat(evidence(v, HardTriggers.ERROR_CHECK).summary()).startsWith("error rate at most ")
                .contains("(a rollback needs more than 5.0 points above the previous-window in 2 checks of");
        assertThat(v.summary()).doesNotContain("e-value");
    }

    @Test
    void sharesCarryWilsonIntervals() {
        double[] none = EvidenceWords.wilson(0, 100);
        assertThat(none[0]).isZero();
        assertThat(none[1]).isCloseTo(0.0370, org.assertj.core.data.Offset.offset(0.0005));
        double[] half = EvidenceWords.wilson(50, 100);
        assertThat(half[0]).isCloseTo(0.4038, org.assertj.core.data.Offset.offset(0.0005));
        assertThat(half[1]).isCloseTo(0.5962, org.assertj.core.data.Offset.offset(0.0005));
        assertThat(EvidenceWords.share(21, 1000)).isEqualTo("2.10 % [1.38 %–3.19 %] of 1 000 requests");
        assertThat(EvidenceWords.share(0, 0)).isEqualTo("no requests");
    }
}
