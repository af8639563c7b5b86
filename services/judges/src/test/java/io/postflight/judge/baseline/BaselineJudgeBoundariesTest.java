package io.postflight.judge.baseline;

import static io.postflight.judge.baseline.TrafficFixture.BOUNDS;
import static io.postflight.judge.baseline.TrafficFixture.DEPLOYED_AT;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.metrics.TrafficSeries;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What a PASS needs at the edges, on exact counts: the minimum of requests on each side and the
 * share of the window observed on both, each exactly reached and just missed.
 */
class BaselineJudgeBoundariesTest {

    private static final int STEP = 60;
    private static final int STEPS = 30;
    private static final long END = DEPLOYED_AT + (long) STEPS * STEP;
    private static final BaselinePolicy P = BaselinePolicy.DEFAULT;
    /** The default policy needing 900 requests a side: 30 a step over the 30 one-minute steps. */
    private static final BaselinePolicy NEEDS_900 = new BaselinePolicy(P.window(), P.warmUp(), P.blipAllowance(), 900,
            P.minCoverage(), P.alpha(), P.errorRatioTolerance(), P.errorExcessTolerance(), P.latencyRatioTolerance(),
            P.latencyExcessTolerance(), P.hardErrorExcess(), P.hardErrorPeriod(), P.hardLatencyFactor(),
            P.hardCheckInterval(), P.hardConsecutiveChecks(), P.hardMinRequests());

    private static TrafficSeries exact(long start, long[] requests, boolean[] present) {
        long[][] rows = new long[requests.length][BOUNDS.length + 1];
        for (int i = 0; i < requests.length; i++) {
            rows[i][3] = requests[i];
        }
        return new TrafficSeries(start, STEP, requests, new long[requests.length], BOUNDS, rows, present);
    }

    private static long[] each(long requests) {
        long[] r = new long[STEPS];
        Arrays.fill(r, requests);
        return r;
    }

    private static JudgeVerdict judge(BaselinePolicy policy, long[] candidate, boolean[] present, long[] previous) {
        return new BaselineJudge(policy).evaluate(exact(DEPLOYED_AT, candidate, present),
                exact(DEPLOYED_AT - (long) STEPS * STEP, previous, null), null, END);
    }

    @Test
    void exactlyTheMinimumOfRequestsOnEachSideIsEnough() {
        assertThat(judge(NEEDS_900, each(30), null, each(30)).status()).isEqualTo(JudgeStatus.PASSED);
    }

    @Test
    void oneRequestShortOnEitherSideIsTooLittleTraffic() {
        long[] short1 = each(30);
        short1[7] = 29;
        JudgeVerdict candidateShort = judge(NEEDS_900, short1, null, each(30));
        assertThat(candidateShort.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(candidateShort.summary()).isEqualTo("too little traffic: 899 candidate and 900 previous-window"
                + " requests, 900 needed on each side; extend the window");
        JudgeVerdict comparisonShort = judge(NEEDS_900, each(30), null, short1);
        assertThat(comparisonShort.summary()).startsWith("too little traffic: 900 candidate and 899 previous-window");
    }

    @Test
    void exactlyTheMinimumShareOfTheWindowObservedIsEnough() {
        // 24 of 30 steps observed on both sides: exactly the 80 % a PASS needs.
        boolean[] present = new boolean[STEPS];
        Arrays.fill(present, 0, 24, true);
        assertThat(judge(P, each(300), present, each(300)).status()).isEqualTo(JudgeStatus.PASSED);
    }

    @Test
    void oneStepLessObservedIsDataMissing() {
        boolean[] present = new boolean[STEPS];
        Arrays.fill(present, 0, 23, true);
        JudgeVerdict v = judge(P, each(300), present, each(300));
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).isEqualTo("data missing: 77 % of the window observed on both sides, 80 % needed;"
                + " extend the window");
    }

    @Test
    void theTrafficEvidenceCountsWhatWasPaired() {
        boolean[] present = new boolean[STEPS];
        Arrays.fill(present, 0, 24, true);
        JudgeVerdict v = judge(P, each(300), present, each(300));
        var traffic = v.evidence().get(4);
        assertThat(traffic.check()).isEqualTo("traffic");
        assertThat(traffic.figures()).containsEntry("candidateRequests", 7200.0).containsEntry("stepsObserved", 24.0)
                .containsEntry("windowSteps", 30.0).containsEntry("coverage", 0.8)
                .containsEntry("verifierStarvedSteps", 0.0).containsEntry("loadUnmatchedSteps", 0.0);
        assertThat(traffic.summary()).isEqualTo("7200 candidate and 7200 previous-window requests over 24 of 30 steps");
    }
}
