package io.postflight.judge.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What the e-process's edges decide: which grids and nulls it accepts, which steps count, which
 * steps the blip allowance drops (the largest <em>standardised</em> excess, never a step with none),
 * the totals it reports, and the effect size it names when nothing beats the null.
 */
class OddsRatioEProcessBoundariesTest {

    private static boolean[] include(int n) {
        boolean[] b = new boolean[n];
        Arrays.fill(b, true);
        return b;
    }

    @Test
    void gridsAndNullsOutsideTheirRangeAreRefused() {
        assertThatThrownBy(() -> new OddsRatioEProcess(new double[0])).hasMessageContaining("empty odds grid");
        for (double bad : new double[] {Math.nextDown(1.0), Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> OddsRatioEProcess.beyond(bad)).as("null %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        }
        assertThatCode(() -> OddsRatioEProcess.beyond(1.0)).doesNotThrowAnyException();
        for (double bad : new double[] {1.0, Double.NaN}) {
            assertThatThrownBy(() -> new OddsRatioEProcess(new double[] {2, bad})).as("factor %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must exceed 1");
        }
    }

    @Test
    void theAlternativesSitAtTheirFactorAboveTheNull() {
        // One request each side, the candidate's failed: P_w(K = 1) = w/(1+w). With the null at 2 and
        // factors 2 and 4 the alternatives are 4 and 8: (4/5)/(2/3) = 1.2 and (8/9)/(2/3) = 4/3.
        OddsRatioEProcess.Result r = new OddsRatioEProcess(new double[] {2, 4}, 2).run(new long[] {1},
                new long[] {1}, new long[] {0}, new long[] {1}, include(1), 0);
        assertThat(r.eValue()).isCloseTo((1.2 + 4.0 / 3) / 2, within(1e-12));
        assertThat(r.bestOddsRatio()).isCloseTo(8.0, within(1e-12));
    }

    @Test
    void aStepWithoutRequestsOnEitherSideIsNoStratum() {
        // Neither a candidate step without requests nor a comparison step without them enters the totals.
        long[] x = {0, 5, 3};
        long[] n = {0, 100, 100};
        long[] y = {5, 0, 1};
        long[] m = {100, 0, 100};
        OddsRatioEProcess.Result r = new OddsRatioEProcess().run(x, n, y, m, include(3), 0);
        assertThat(r.all().candidateTrials).isEqualTo(100);
        assertThat(r.all().candidateEvents).isEqualTo(3);
        assertThat(r.all().comparisonTrials).isEqualTo(100);
        assertThat(r.all().comparisonEvents).isEqualTo(1);
    }

    @Test
    void theBlipAllowanceDropsTheLargestStandardisedExcessNotTheLargestCount() {
        // Step 0: 60 vs 40 of 1000 each, 10 events above its mean, z = 2.05. Step 1: 6 vs 1 of 10 each,
        // 2.5 above its mean, z = 2.28. The small step is the less likely one: it is the blip dropped.
        long[] x = {60, 6};
        long[] n = {1000, 10};
        long[] y = {40, 1};
        long[] m = {1000, 10};
        OddsRatioEProcess.Result r = new OddsRatioEProcess().run(x, n, y, m, include(2), 1);
        assertThat(r.droppedSteps()).containsExactly(1);
        assertThat(r.all().candidateTrials).isEqualTo(1010);
        assertThat(r.all().candidateEvents).isEqualTo(66);
        assertThat(r.all().comparisonTrials).isEqualTo(1010);
        assertThat(r.all().comparisonEvents).isEqualTo(41);
        assertThat(r.kept().candidateTrials).isEqualTo(1000);
        assertThat(r.kept().candidateEvents).isEqualTo(60);
        assertThat(r.kept().comparisonTrials).isEqualTo(1000);
        assertThat(r.kept().comparisonEvents).isEqualTo(40);
        assertThat(r.kept().candidateRate()).isEqualTo(0.06);
        assertThat(r.kept().comparisonRate()).isEqualTo(0.04);
    }

    @Test
    void aStepWithoutExcessIsNeverDroppedAsABlip() {
        // Step 1 has exactly its expected share (5 of 10 events on equal traffic): an allowance of two
        // drops only the step above its mean.
        long[] x = {5, 5};
        long[] n = {10, 100};
        long[] y = {0, 5};
        long[] m = {10, 100};
        OddsRatioEProcess.Result r = new OddsRatioEProcess().run(x, n, y, m, include(2), 2);
        assertThat(r.droppedSteps()).containsExactly(0);
    }

    @Test
    void theEffectSizeIsTheMostLikelyGridOddsRatioOrTheNullsWhenNoneBeatsIt() {
        // 25 vs 20 of 1000: the odds ratio is about 1.26, so the grid's 1.25 is the most likely.
        OddsRatioEProcess.Result mild = new OddsRatioEProcess().run(new long[] {25}, new long[] {1000},
                new long[] {20}, new long[] {1000}, include(1), 0);
        assertThat(mild.bestOddsRatio()).isCloseTo(1.25, within(1e-12));

        // Equal shares: every alternative is less likely than the null, whose odds ratio is reported.
        long[] one = {1, 1};
        long[] two = {2, 2};
        assertThat(new OddsRatioEProcess().run(one, two, one, two, include(2), 0).bestOddsRatio()).isEqualTo(1.0);
        assertThat(OddsRatioEProcess.beyond(1.5).run(one, two, one, two, include(2), 0).bestOddsRatio())
                .isCloseTo(1.5, within(1e-12));

        // Everything dropped: the trimmed likelihoods are all exactly 1, none beats the null.
        long[] x = new long[10];
        x[3] = 30;
        OddsRatioEProcess.Result blip = new OddsRatioEProcess().run(x, filled(10, 300), new long[10],
                filled(10, 300), include(10), 1);
        assertThat(blip.logEValueTrimmed()).isZero();
        assertThat(blip.bestOddsRatio()).isEqualTo(1.0);
    }

    @Test
    void countsOfNoTrialsHaveRateZero() {
        OddsRatioEProcess.Counts none = new OddsRatioEProcess.Counts();
        assertThat(none.candidateRate()).isZero();
        assertThat(none.comparisonRate()).isZero();
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }
}
