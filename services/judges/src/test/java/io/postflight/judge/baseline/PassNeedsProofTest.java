package io.postflight.judge.baseline;

import static io.postflight.judge.baseline.TrafficFixture.atDeploy;
import static io.postflight.judge.baseline.TrafficFixture.baseline;
import static io.postflight.judge.baseline.TrafficFixture.steady;
import static io.postflight.judge.baseline.TrafficFixture.windowEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.metrics.TrafficSeries;
import org.junit.jupiter.api.Test;

/**
 * A policy may ask a PASS to show the candidate within the tolerances ({@code passConfidence}), not
 * only to find no regression: "no evidence of a rise" on little data is then INCONCLUSIVE. The
 * bounds are checked against values worked by hand.
 */
class PassNeedsProofTest {

    /** Each of the two bounds at 90 %: either may show it, so each gets half of 80 %'s error. */
    private static final double Z80 = WithinTolerance.z(0.8);

    @Test
    void theBoundsAreTheAgrestiCaffoAndKatzIntervals() {
        assertThat(Z80).isCloseTo(1.2816, within(1e-4));
        // 5 of 500 against 5 of 500: p~ = 6/502 on both sides.
        WithinTolerance.Bounds b = WithinTolerance.of(5, 500, 5, 500, 1.5, 0.001, Z80);
        double p = 6.0 / 502;
        assertThat(b.excessUpper()).isCloseTo(Z80 * Math.sqrt(2 * p * (1 - p) / 502), within(1e-12));
        double se = Math.sqrt(2 * (1 / 5.5 - 1 / 500.5));
        assertThat(b.ratioUpper()).isCloseTo(Math.exp(Z80 * se), within(1e-12));
        // Excess up to +0.88 points, ratio up to 2.16×: neither under +0.10 points nor under 1.5×.
        assertThat(b.excessUpper()).isGreaterThan(0.001);
        assertThat(b.ratioUpper()).isGreaterThan(1.5);
        assertThat(b.shown()).isFalse();
        // Twice the data on each side is not enough yet (1.74×), four times is (1.49×).
        assertThat(WithinTolerance.of(10, 1000, 10, 1000, 1.5, 0.001, Z80).shown()).isFalse();
        assertThat(WithinTolerance.of(20, 2000, 20, 2000, 1.5, 0.001, Z80).shown()).isTrue();
    }

    @Test
    void eitherBoundUnderItsToleranceShowsIt() {
        // Rare errors on much traffic: the excess is bounded tightly though the ratio is not.
        WithinTolerance.Bounds rare = WithinTolerance.of(2, 100_000, 2, 100_000, 1.5, 0.001, Z80);
        assertThat(rare.ratioUpper()).isGreaterThan(1.5);
        assertThat(rare.excessUpper()).isLessThan(0.001);
        assertThat(rare.shown()).isTrue();
        // Common errors on much traffic: the ratio is bounded though the excess is not.
        WithinTolerance.Bounds common = WithinTolerance.of(20_000, 100_000, 20_000, 100_000, 1.5, 0.001, Z80);
        assertThat(common.excessUpper()).isGreaterThan(0.001);
        assertThat(common.ratioUpper()).isLessThan(1.5);
        assertThat(common.shown()).isTrue();
        // Exactly at a bound is not under it.
        WithinTolerance.Bounds atTolerance = WithinTolerance.of(20_000, 100_000, 20_000, 100_000,
                common.ratioUpper(), common.excessUpper(), Z80);
        assertThat(atTolerance.shown()).isFalse();
    }

    @Test
    void nothingObservedOnASideShowsNothing() {
        assertThat(WithinTolerance.of(0, 0, 0, 0, 1.5, 0.002, Z80).shown()).isFalse();
        assertThat(WithinTolerance.of(0, 0, 5, 5000, 1.5, 0.002, Z80).shown()).isFalse();
        assertThat(WithinTolerance.of(5, 5000, 0, 0, 1.5, 0.002, Z80).shown()).isFalse();
    }

    @Test
    void aBurstTheBlipAllowanceLeavesOutOfAFailStillCountsAgainstAPass() {
        // One minute of every request failing (the blip allowance): not a regression, which a burst
        // is not rolled back for, but the window's error rate is then 4× the previous one's and a
        // PASS cannot claim it within the tolerance.
        TrafficSeries candidate = atDeploy(i -> new TrafficFixture.Step(4000, i >= 60 && i < 64 ? 1.0 : 0.01, 80), 41);
        TrafficSeries previous = baseline(steady(4000, 0.01, 80), 42);

        JudgeVerdict plain = new BaselineJudge().evaluate(candidate, previous, null, windowEnd());
        JudgeVerdict proved = new BaselineJudge(BaselinePolicy.DEFAULT.withPassConfidence(0.8))
                .evaluate(candidate, previous, null, windowEnd());

        assertThat(plain.status()).isEqualTo(JudgeStatus.PASSED);
        assertThat(proved.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(proved.summary()).contains("error rate may be up to");
    }

    @Test
    void aHigherConfidenceNeedsMoreData() {
        assertThat(WithinTolerance.of(30, 3000, 30, 3000, 1.5, 0.001, WithinTolerance.z(0.95)).ratioUpper())
                .isGreaterThan(WithinTolerance.of(30, 3000, 30, 3000, 1.5, 0.001, Z80).ratioUpper());
    }

    @Test
    void withoutAProofAWindowWithoutARegressionPassesAndWithOneItIsInconclusiveSayingWhy() {
        // 12 requests a step at about 1 %: no regression, and too few errors to bound the ratio.
        TrafficSeries candidate = atDeploy(steady(12, 0.012, 80), 11);
        TrafficSeries previous = baseline(steady(12, 0.010, 80), 12);

        JudgeVerdict plain = new BaselineJudge().evaluate(candidate, previous, null, windowEnd());
        JudgeVerdict proved = new BaselineJudge(BaselinePolicy.DEFAULT.withPassConfidence(0.8))
                .evaluate(candidate, previous, null, windowEnd());

        assertThat(plain.status()).isEqualTo(JudgeStatus.PASSED);
        assertThat(proved.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(proved.summary()).startsWith("within the tolerance not shown yet at 80 % confidence: error rate may"
                + " be up to +").contains("× the previous-window's (within means under +0.10 points or under 1.50×)")
                .endsWith("; extend the window");
        assertThat(proved.evidence().get(0).figures()).containsKeys("excessUpper", "ratioUpper")
                .containsEntry("passConfidence", 0.8);
        assertThat(plain.evidence().get(0).figures()).doesNotContainKeys("excessUpper", "ratioUpper");
    }

    @Test
    void enoughTrafficShowsItAndPasses() {
        TrafficSeries candidate = atDeploy(steady(4000, 0.010, 80), 21);
        TrafficSeries previous = baseline(steady(4000, 0.010, 80), 22);

        JudgeVerdict proved = new BaselineJudge(BaselinePolicy.DEFAULT.withPassConfidence(0.8))
                .evaluate(candidate, previous, null, windowEnd());

        assertThat(proved.status()).isEqualTo(JudgeStatus.PASSED);
        assertThat(proved.evidence().get(0).figures().get("ratioUpper")).isLessThan(1.5);
    }

    @Test
    void aSlowerHistogramBoundNotShownWithinKeepsTheWindowFromPassing() {
        // Errors bounded (much traffic, no errors), latency a little slower: the ratio of slow
        // shares is inside the tolerance but not shown at every bound on this traffic.
        TrafficSeries candidate = atDeploy(steady(40, 0.0, 90), 31);
        TrafficSeries previous = baseline(steady(40, 0.0, 80), 32);

        JudgeVerdict proved = new BaselineJudge(BaselinePolicy.DEFAULT.withPassConfidence(0.8))
                .evaluate(candidate, previous, null, windowEnd());

        assertThat(proved.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(proved.summary()).contains("share slower than ").contains(" ms may be up to ")
                .contains("(within means under +0.20 points or under 1.50×)");
    }

    @Test
    void thePolicyRefusesAConfidenceOutsideItsRange() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BaselinePolicy.DEFAULT.withPassConfidence(1.0))
                .hasMessageContaining("passConfidence");
        // Under one half the "upper" bound would lie under the estimate.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BaselinePolicy.DEFAULT.withPassConfidence(0.3))
                .hasMessageContaining("must be 0 (off) or from 0.5");
        assertThat(BaselinePolicy.DEFAULT.withPassConfidence(0.5).passNeedsProof()).isTrue();
        assertThat(BaselinePolicy.DEFAULT.passNeedsProof()).isFalse();
        assertThat(BaselinePolicy.DEFAULT.withPassConfidence(0.9).withWindow(java.time.Duration.ofMinutes(40))
                .passConfidence()).isEqualTo(0.9);
    }
}
