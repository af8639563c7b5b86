package io.postflight.judge.drift;

import static io.postflight.judge.drift.SyntheticResources.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.judge.drift.TrendAssessment.Outcome;
import io.postflight.judge.drift.TrendAssessment.ReferenceMode;
import io.postflight.metrics.ResourceSeries;
import java.util.Arrays;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link TrendAnalyzer} on noise-free series: memory and CPU constant within each 15-minute block,
 * disk growing by whole MiB a minute. Slopes, excesses and times to the limit are then exact, so
 * the relevance, excess and horizon rules can be pinned at exactly their thresholds, and the
 * window (the recent half of what was seen) by its hours.
 */
class TrendAnalyzerTest {

    private static final long C0 = SyntheticResources.DEPLOYED_AT;
    private static final double LIMIT = 2048 * MIB;
    private static final IntToDoubleFunction FLAT_CPU = i -> 0.5;
    private static final IntToDoubleFunction FLAT_DISK = i -> 6000 * MIB;

    private final TrendAnalyzer analyzer = new TrendAnalyzer(DriftPolicy.defaults());

    static ResourceSeries series(long start, int minutes, IntToDoubleFunction mem, IntToDoubleFunction cpu,
                                 IntToDoubleFunction disk, Double limit) {
        double[] m = new double[minutes];
        double[] c = new double[minutes];
        double[] d = new double[minutes];
        for (int i = 0; i < minutes; i++) {
            m[i] = mem.applyAsDouble(i);
            c[i] = cpu.applyAsDouble(i);
            d[i] = disk.applyAsDouble(i);
        }
        return new ResourceSeries(start, 60, m, c, d, limit);
    }

    /** Memory whose block j (minute / 15) sits at {@code floor(j)}, with a GC peak {@code bump} above in its last minute. */
    static IntToDoubleFunction blocks(IntToDoubleFunction floor, double bump) {
        return i -> floor.applyAsDouble(i / 15) + (i % 15 == 14 ? bump : 0);
    }

    static ResourceSeries memory(int minutes, IntToDoubleFunction mem, Double limit) {
        return series(C0, minutes, mem, FLAT_CPU, FLAT_DISK, limit);
    }

    /** The previous version over the day before the deployment: its same hours are the candidate's. */
    static ResourceSeries dayBefore(IntToDoubleFunction mem, IntToDoubleFunction cpu, IntToDoubleFunction disk) {
        return series(C0 - 86_400, 1440, mem, cpu, disk, LIMIT);
    }

    static long look(double hours) {
        return C0 + Math.round(hours * 3600);
    }

    @Test
    void eachLookTestsTheRecentHalfOfWhatWasSeenInWholeBlocks() {
        // 17 blocks seen at 4.25 h: the older 8 are left out, the window is hours 2.0-4.25
        TrendAssessment a = analyzer.assess(DriftResource.MEMORY, memory(255, i -> 900 * MIB, null), null, look(4.25));
        assertThat(a.windowStartHours()).isEqualTo(2.0);
        assertThat(a.windowEndHours()).isEqualTo(4.25);
        assertThat(a.blocks()).isEqualTo(9);
        assertThat(a.reference()).isEqualTo(ReferenceMode.NONE);
        assertThat(a.outcome()).isEqualTo(Outcome.UNREFERENCED);
        assertThat(a.excessNow()).isNaN();
        assertThat(a.referenceLevel()).isEqualTo(900 * MIB); // the candidate's own floor without a previous version
        // without the previous version's same hours there is no covariate: the plain test of the excess
        assertThat(a.mannKendall().covariateCorrelation()).isNaN();
        assertThat(a.alphaPerTest()).isEqualTo(DriftPolicy.defaults().alphaPerTest());
    }

    @Test
    void noSamplesIsNotMeasuredOverTheSameWindow() {
        TrendAssessment a = analyzer.assess(DriftResource.MEMORY, memory(255, i -> Double.NaN, LIMIT), null, look(4.25));
        assertThat(a.outcome()).isEqualTo(Outcome.NOT_MEASURED);
        assertThat(a.reference()).isEqualTo(ReferenceMode.NONE);
        assertThat(a.windowStartHours()).isEqualTo(2.0);
        assertThat(a.windowEndHours()).isEqualTo(4.25);
        assertThat(a.blocks()).isZero();
        assertThat(a.mannKendall()).isNull();
    }

    @Test
    void aWindowNeedsTheMinimumBlocksAndHalfOfItsBlocks() {
        // at 4 h the window is blocks 8-15: one missing block leaves 7 of the 8 needed
        ResourceSeries full = memory(240, i -> 900 * MIB, null);
        assertThat(analyzer.assess(DriftResource.MEMORY, full, null, look(4)).blocks()).isEqualTo(8);
        assertThat(analyzer.assess(DriftResource.MEMORY, full, null, look(4)).outcome()).isEqualTo(Outcome.UNREFERENCED);
        ResourceSeries oneGone = memory(240, i -> i / 15 == 10 ? Double.NaN : 900 * MIB, null);
        TrendAssessment short7 = analyzer.assess(DriftResource.MEMORY, oneGone, null, look(4));
        assertThat(short7.outcome()).isEqualTo(Outcome.INSUFFICIENT);
        assertThat(short7.blocks()).isEqualTo(7);
        // at 12 h the window is blocks 24-47: 12 of 24 is enough, 11 is not
        ResourceSeries half = memory(720, i -> i / 15 >= 24 && i / 15 < 36 ? Double.NaN : 900 * MIB, null);
        assertThat(analyzer.assess(DriftResource.MEMORY, half, null, look(12)).outcome()).isEqualTo(Outcome.UNREFERENCED);
        ResourceSeries lessThanHalf = memory(720, i -> i / 15 >= 24 && i / 15 < 37 ? Double.NaN : 900 * MIB, null);
        TrendAssessment a = analyzer.assess(DriftResource.MEMORY, lessThanHalf, null, look(12));
        assertThat(a.outcome()).isEqualTo(Outcome.INSUFFICIENT);
        assertThat(a.blocks()).isEqualTo(11);
    }

    @Test
    void aLeakExactlyAtTheSmallestRelevantSlopeAboveThePreviousVersionIsBreached() {
        // previous floor 100 MiB: 0.5 %/h of it is under 1 MiB/h, the floor of relevance; the new one grows 1 MiB/h
        ResourceSeries before = dayBefore(i -> 100 * MIB, FLAT_CPU, FLAT_DISK);
        ResourceSeries leak = memory(720, blocks(j -> 100 * MIB + 0.25 * MIB * j, 0), null);
        TrendAssessment a = analyzer.assess(DriftResource.MEMORY, leak, before, look(12));
        assertThat(a.reference()).isEqualTo(ReferenceMode.SEASONAL);
        assertThat(a.slope().slope()).isEqualTo(MIB);
        assertThat(a.minSlopePerHour()).isEqualTo(MIB);
        assertThat(a.referenceLevel()).isEqualTo(100 * MIB);
        assertThat(a.excessNow()).isEqualTo(11.375 * MIB); // median of blocks 44-47's excess, 11.0 to 11.75 MiB
        assertThat(a.outcome()).isEqualTo(Outcome.BREACHED);
        ResourceSeries slower = memory(720, blocks(j -> 100 * MIB + 0.125 * MIB * j, 0), null);
        assertThat(analyzer.assess(DriftResource.MEMORY, slower, before, look(12)).outcome()).isEqualTo(Outcome.CLEAR);
    }

    @Test
    void aRiseThatOnlyReachesThePreviousVersionsLevelIsNotBreached() {
        // significant growth of 4 MiB/h, but over the last hour exactly at the previous version's floor
        ResourceSeries before = dayBefore(i -> 120 * MIB, FLAT_CPU, FLAT_DISK);
        ResourceSeries warm = memory(720, blocks(j -> 120 * MIB + Math.min(0, j - 44) * MIB, 0), null);
        TrendAssessment a = analyzer.assess(DriftResource.MEMORY, warm, before, look(12));
        assertThat(a.excessNow()).isZero();
        assertThat(a.significant()).isTrue();
        assertThat(a.outcome()).isEqualTo(Outcome.CLEAR);
    }

    @Test
    void withoutThePreviousVersionOnlyARiseReachingTheLimitWithinTheHorizonIsBreached() {
        // 2 MiB/h; the latest peak 96 MiB under the limit: exactly 48 h away
        IntToDoubleFunction floor = j -> 1000 * MIB + 0.5 * MIB * j;
        double peak = 1000 * MIB + 0.5 * MIB * 47;
        ResourceSeries near = memory(720, blocks(floor, LIMIT - 96 * MIB - peak), LIMIT);
        TrendAssessment a = analyzer.assess(DriftResource.MEMORY, near, null, look(12));
        assertThat(a.hoursToLimit()).isEqualTo(48.0);
        assertThat(a.peakBytes()).isEqualTo(LIMIT - 96 * MIB);
        assertThat(a.limitBytes()).isEqualTo(LIMIT);
        assertThat(a.outcome()).isEqualTo(Outcome.BREACHED);
        ResourceSeries further = memory(720, blocks(floor, LIMIT - 97 * MIB - peak), LIMIT);
        assertThat(analyzer.assess(DriftResource.MEMORY, further, null, look(12)).outcome())
                .isEqualTo(Outcome.UNREFERENCED);
        // and without a known limit nothing is near it
        TrendAssessment noLimit = analyzer.assess(DriftResource.MEMORY, memory(720, blocks(floor, 0), null), null,
                look(12));
        assertThat(noLimit.outcome()).isEqualTo(Outcome.UNREFERENCED);
        assertThat(noLimit.hoursToLimit()).isNaN();
        assertThat(noLimit.limitBytes()).isNaN();
    }

    @Test
    void aSlowRiseAboveThePreviousVersionNearTheLimitIsBreachedThoughBelowTheRelevantSlope() {
        // 2 MiB/h is below 0.5 %/h of a 1000 MiB floor (5 MiB/h), but the limit is 48 h away
        ResourceSeries before = dayBefore(i -> 1000 * MIB, FLAT_CPU, FLAT_DISK);
        double peak = 1000 * MIB + 0.5 * MIB * 47;
        ResourceSeries near = memory(720, blocks(j -> 1000 * MIB + 0.5 * MIB * j, LIMIT - 96 * MIB - peak), LIMIT);
        TrendAssessment a = analyzer.assess(DriftResource.MEMORY, near, before, look(12));
        assertThat(a.minSlopePerHour()).isEqualTo(5 * MIB);
        assertThat(a.outcome()).isEqualTo(Outcome.BREACHED);
        ResourceSeries far = memory(720, blocks(j -> 1000 * MIB + 0.5 * MIB * j, LIMIT - 97 * MIB - peak), LIMIT);
        assertThat(analyzer.assess(DriftResource.MEMORY, far, before, look(12)).outcome()).isEqualTo(Outcome.CLEAR);
    }

    @Test
    void thePeakIsTakenFromTheLatestBlockThatHasSamples() {
        IntToDoubleFunction mem = blocks(j -> 1000 * MIB + 0.5 * MIB * j, 100 * MIB);
        ResourceSeries gap = memory(720, i -> i >= 705 ? Double.NaN : mem.applyAsDouble(i), LIMIT);
        TrendAssessment a = analyzer.assess(DriftResource.MEMORY, gap, null, look(12));
        assertThat(a.peakBytes()).isEqualTo(1000 * MIB + 0.5 * MIB * 46 + 100 * MIB);
    }

    @Test
    void aPreviousVersionSeenOnOtherHoursIsAReferenceLevelNotASeasonalOne() {
        // the six hours before the deployment: no same hours for the candidate's first hours
        ResourceSeries before = series(C0 - 6 * 3600, 360, blocks(j -> 700 * MIB + (j % 2) * MIB, 0), FLAT_CPU,
                FLAT_DISK, LIMIT);
        ResourceSeries flat = memory(720, i -> 800 * MIB, LIMIT);
        TrendAssessment a = analyzer.assess(DriftResource.MEMORY, flat, before, look(12));
        assertThat(a.reference()).isEqualTo(ReferenceMode.LEVEL);
        assertThat(a.referenceLevel()).isEqualTo(700.5 * MIB); // median of its block floors, 700 and 701 MiB
        assertThat(a.excessNow()).isEqualTo(99.5 * MIB);
        assertThat(a.outcome()).isEqualTo(Outcome.UNREFERENCED);
        assertThat(a.mannKendall().covariateCorrelation()).isNaN(); // a level is no covariate
        assertThat(a.baselineSlopePerHour()).isZero();
    }

    @Test
    void aPreviousVersionCoveringHalfTheWindowsBlocksAtTheSameHoursIsSeasonal() {
        // the previous version's day covers the same hours of only the window's last 12 of 24 blocks
        double[] all = new double[1440];
        Arrays.fill(all, 900 * MIB);
        double[] half = all.clone();
        Arrays.fill(half, 0, 36 * 15, Double.NaN);
        double[] less = all.clone();
        Arrays.fill(less, 0, 37 * 15, Double.NaN);
        ResourceSeries c = memory(720, i -> 950 * MIB, LIMIT);
        assertThat(analyzer.assess(DriftResource.MEMORY, c, dayBefore(i -> half[i], FLAT_CPU, FLAT_DISK), look(12))
                .reference()).isEqualTo(ReferenceMode.SEASONAL);
        assertThat(analyzer.assess(DriftResource.MEMORY, c, dayBefore(i -> less[i], FLAT_CPU, FLAT_DISK), look(12))
                .reference()).isEqualTo(ReferenceMode.LEVEL);
        double[] none = all.clone();
        Arrays.fill(none, Double.NaN);
        assertThat(analyzer.assess(DriftResource.MEMORY, c, dayBefore(i -> none[i], FLAT_CPU, FLAT_DISK), look(12))
                .reference()).isEqualTo(ReferenceMode.NONE);
    }

    @Test
    void aNoisyRiseThatIsNotSignificantIsNeverBreachedHoweverCloseTheLimit() {
        // floors rising 2 MiB/h under 30 MiB of seeded noise, the latest peak 10 MiB under the limit
        java.util.Random rnd = new java.util.Random(7);
        double[] floors = new double[48];
        for (int j = 0; j < floors.length; j++) {
            floors[j] = 1000 * MIB + 0.5 * MIB * j + 30 * MIB * rnd.nextGaussian();
        }
        ResourceSeries noisy = memory(720, blocks(j -> floors[j], LIMIT - 10 * MIB - floors[47]), LIMIT);
        TrendAssessment alone = analyzer.assess(DriftResource.MEMORY, noisy, null, look(12));
        assertThat(alone.significant()).isFalse();
        assertThat(alone.slope().slope()).isPositive();
        assertThat(alone.hoursToLimit()).isLessThanOrEqualTo(48.0);
        assertThat(alone.outcome()).isEqualTo(Outcome.UNREFERENCED);
        // above a previous version flat at 900 MiB, near the limit, yet not significant: clear
        TrendAssessment above = analyzer.assess(DriftResource.MEMORY, noisy, dayBefore(i -> 900 * MIB, FLAT_CPU, FLAT_DISK),
                look(12));
        assertThat(above.reference()).isEqualTo(ReferenceMode.SEASONAL);
        assertThat(above.excessNow()).isPositive();
        assertThat(above.significant()).isFalse();
        assertThat(above.outcome()).isEqualTo(Outcome.CLEAR);
    }

    @Test
    void noGrowthOrAFallNeverReachesTheLimit() {
        // a flat floor whose GC peaks touch the limit, and a falling one: no time to the limit, not zero hours
        ResourceSeries flat = memory(720, blocks(j -> 1000 * MIB, LIMIT - 1000 * MIB), LIMIT);
        assertThat(analyzer.assess(DriftResource.MEMORY, flat, null, look(12)).hoursToLimit()).isEqualTo(Double.POSITIVE_INFINITY);
        ResourceSeries falling = memory(720, blocks(j -> 1500 * MIB - MIB * j, 400 * MIB), LIMIT);
        TrendAssessment a = analyzer.assess(DriftResource.MEMORY, falling, null, look(12));
        assertThat(a.hoursToLimit()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(a.outcome()).isEqualTo(Outcome.UNREFERENCED);
    }

    @Test
    void aWindowWithoutCandidateSamplesIsInsufficientAgainstTheLevelNotTheSameHours() {
        // samples in the first 6 h only: at 12 h the window (hours 6-12) has none to pair
        ResourceSeries early = memory(720, i -> i < 360 ? 900 * MIB : Double.NaN, LIMIT);
        TrendAssessment a = analyzer.assess(DriftResource.MEMORY, early, dayBefore(i -> 900 * MIB, FLAT_CPU, FLAT_DISK),
                look(12));
        assertThat(a.outcome()).isEqualTo(Outcome.INSUFFICIENT);
        assertThat(a.blocks()).isZero();
        assertThat(a.reference()).isEqualTo(ReferenceMode.LEVEL);
    }

    @Test
    void theExcessNowIsTheMedianOfTheLastHoursBlocksThatHaveSamples() {
        // as in the 1 MiB/h leak above, with block 47 missing: blocks 43-46, excess 10.75 to 11.5 MiB
        ResourceSeries before = dayBefore(i -> 100 * MIB, FLAT_CPU, FLAT_DISK);
        IntToDoubleFunction leak = blocks(j -> 100 * MIB + 0.25 * MIB * j, 0);
        ResourceSeries gap = memory(720, i -> i / 15 == 47 ? Double.NaN : leak.applyAsDouble(i), null);
        assertThat(analyzer.assess(DriftResource.MEMORY, gap, before, look(12)).excessNow()).isEqualTo(11.125 * MIB);
    }
    @Test
    void samplesAfterTheLookDoNotGiveThePeak() {
        // the whole day handed in, a GC peak 500 MiB higher in the block just after the look at 12 h
        IntToDoubleFunction mem = blocks(j -> 1000 * MIB + 0.5 * MIB * j + (j == 48 ? 500 * MIB : 0), 100 * MIB);
        TrendAssessment a = analyzer.assess(DriftResource.MEMORY, memory(1440, mem, LIMIT), null, look(12));
        assertThat(a.peakBytes()).isEqualTo(1000 * MIB + 0.5 * MIB * 47 + 100 * MIB);
    }

    @Test
    void thePreviousVersionsSlopeIsTakenOverItsLastWindowsWorthOfBlocks() {
        // 12 h before the deployment (none of the candidate's hours): flat, then 10 MiB/h over its last 6 h
        ResourceSeries before = series(C0 - 12 * 3600, 720, blocks(j -> 700 * MIB + 2.5 * MIB * Math.max(0, j - 24), 0),
                FLAT_CPU, FLAT_DISK, LIMIT);
        TrendAssessment a = analyzer.assess(DriftResource.MEMORY, memory(720, i -> 800 * MIB, LIMIT), before, look(12));
        assertThat(a.reference()).isEqualTo(ReferenceMode.LEVEL);
        assertThat(a.baselineSlopePerHour()).isEqualTo(10 * MIB);
    }

    @Test
    void aPreviousVersionTooSparseToFillAnyBlockIsNoReference() {
        // a sample every third minute: 5 of 15 per block, under the half a block needs
        ResourceSeries sparse = dayBefore(i -> i % 3 == 0 ? 700 * MIB : Double.NaN, FLAT_CPU, FLAT_DISK);
        TrendAssessment a = analyzer.assess(DriftResource.MEMORY, memory(720, i -> 900 * MIB, null), sparse, look(12));
        assertThat(a.reference()).isEqualTo(ReferenceMode.NONE);
        assertThat(a.outcome()).isEqualTo(Outcome.UNREFERENCED);
        assertThat(a.referenceLevel()).isEqualTo(900 * MIB); // the candidate's own floor, not the previous version's
        assertThat(a.minSlopePerHour()).isEqualTo(0.005 * 900 * MIB);
    }
}
