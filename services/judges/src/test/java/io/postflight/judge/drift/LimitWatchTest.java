package io.postflight.judge.drift;

import static io.postflight.judge.drift.SyntheticResources.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.judge.drift.LimitAssessment.Outcome;
import io.postflight.metrics.ResourceSeries;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link LimitWatch} on noise-free staircases: memory constant within each 15-minute block, so a
 * block's floor and peak are known exactly and Sen's slope of a straight staircase has a zero-width
 * interval. Times to the limit then come out as exact numbers, which pins the horizon and share
 * rules at their boundaries and tells, by the window's start, which recent window was chosen.
 */
class LimitWatchTest {

    private static final double LIMIT = 2048 * MIB;
    private static final long C0 = SyntheticResources.DEPLOYED_AT;
    private static final int BLOCK_MINUTES = 15;

    private final LimitWatch watch = new LimitWatch(DriftPolicy.defaults());

    /** A memory staircase: one floor per block, the last minute of every block {@code bump} higher (a GC peak). */
    static double[] staircase(int blocks, java.util.function.IntToDoubleFunction floorOfBlock, double bump) {
        double[] mem = new double[blocks * BLOCK_MINUTES];
        for (int i = 0; i < mem.length; i++) {
            mem[i] = floorOfBlock.applyAsDouble(i / BLOCK_MINUTES) + (i % BLOCK_MINUTES == BLOCK_MINUTES - 1 ? bump : 0);
        }
        return mem;
    }

    static ResourceSeries series(long start, double[] mem, Double limit) {
        return new ResourceSeries(start, 60, mem, new double[mem.length], new double[mem.length], limit);
    }

    /** Epoch second {@code hours} after the deployment. */
    static long look(double hours) {
        return C0 + Math.round(hours * 3600);
    }

    /** The previous version, flat at {@code floor}, over the {@code hours} before the deployment. */
    static ResourceSeries flatBaseline(double floor, int hours) {
        double[] mem = new double[hours * 60];
        java.util.Arrays.fill(mem, floor);
        return series(C0 - hours * 3600L, mem, LIMIT);
    }

    /** 60 MiB/h from 1000 MiB (15 MiB a block); the latest peak 240 MiB below the limit at 6 h. */
    private static double[] steadyLeak(int blocks) {
        // floor of block 23 = 1345 MiB; its peak 1808 MiB leaves 240 MiB: 4 h at 60 MiB/h, exactly the horizon
        return staircase(blocks, j -> 1000 * MIB + 15 * MIB * j, 463 * MIB);
    }

    @Test
    void aSteadyLeakReachingTheLimitExactlyAtTheHorizonIsHeadingForItFromTheShortestWindow() {
        LimitAssessment a = watch.assess(series(C0, steadyLeak(24), LIMIT), null, look(6));
        assertThat(a.outcome()).isEqualTo(Outcome.HEADING_FOR_LIMIT);
        assertThat(a.breached()).isTrue();
        // every window (2 h, 3 h, 6 h) sees the same slope: the tie goes to the shortest, hours 4-6
        assertThat(a.windowStartHours()).isEqualTo(4.0);
        assertThat(a.windowEndHours()).isEqualTo(6.0);
        assertThat(a.slope().slope()).isEqualTo(60 * MIB);
        assertThat(a.slope().lower()).isEqualTo(60 * MIB);
        assertThat(a.hoursToLimit()).isEqualTo(4.0);
        assertThat(a.hoursToLimitSlowest()).isEqualTo(4.0);
        assertThat(a.peakBytes()).isEqualTo(1808 * MIB);
        assertThat(a.sustainedFloor()).isEqualTo(1300 * MIB); // block 20, an hour before the look
        assertThat(a.previousFloor()).isNaN();
        assertThat(a.limitBytes()).isEqualTo(LIMIT);
        assertThat(a.share()).isEqualTo(0.95);
        assertThat(a.sustainHours()).isEqualTo(1.0);
        assertThat(a.horizonHours()).isEqualTo(4.0);
    }

    @Test
    void aMebibyteMoreHeadroomPutsTheLimitBeyondTheHorizon() {
        double[] mem = staircase(24, j -> 1000 * MIB + 15 * MIB * j, 462 * MIB);
        LimitAssessment a = watch.assess(series(C0, mem, LIMIT), null, look(6));
        assertThat(a.outcome()).isEqualTo(Outcome.CLEAR);
        assertThat(a.slope()).isNull();
        assertThat(a.hoursToLimitSlowest()).isNaN();
        assertThat(a.windowStartHours()).isNaN();
    }

    @Test
    void aPeakAlreadyAboveTheLimitLeavesNoTimeNotANegativeOne() {
        double[] mem = staircase(24, j -> 1000 * MIB + 15 * MIB * j, 800 * MIB); // peak 2145 MiB
        LimitAssessment a = watch.assess(series(C0, mem, LIMIT), null, look(6));
        assertThat(a.outcome()).isEqualTo(Outcome.HEADING_FOR_LIMIT);
        assertThat(a.hoursToLimit()).isEqualTo(0.0);
        assertThat(a.hoursToLimitSlowest()).isEqualTo(0.0);
    }

    @Test
    void withoutThePreviousVersionNoWindowIsProjectedBeforeTheTrendTestsFirstLook() {
        // a climb in the first hours may be a warm-up: without a reference the projection waits for 4 h
        double[] mem = staircase(16, j -> 1000 * MIB + 15 * MIB * j, 700 * MIB);
        ResourceSeries c = series(C0, mem, LIMIT);
        LimitAssessment early = watch.assess(c.prefix(225), null, look(3.75));
        assertThat(early.outcome()).isEqualTo(Outcome.CLEAR);
        assertThat(early.slope()).isNull();
        LimitAssessment atFour = watch.assess(c, null, look(4));
        assertThat(atFour.outcome()).isEqualTo(Outcome.HEADING_FOR_LIMIT);
        assertThat(atFour.windowStartHours()).isEqualTo(2.0);
        // with the previous version (far below, on other hours) the same climb is projected at once
        LimitAssessment referenced = watch.assess(c.prefix(225), flatBaseline(500 * MIB, 1), look(3.75));
        assertThat(referenced.outcome()).isEqualTo(Outcome.HEADING_FOR_LIMIT);
        assertThat(referenced.previousFloor()).isEqualTo(500 * MIB);
        assertThat(referenced.windowStartHours()).isEqualTo(1.75);
    }

    @Test
    void aWindowIsTestedOnceItHoldsTheMinimumBlocksAndFitsInTheWatch() {
        DriftPolicy p = DriftPolicy.defaults().withMemoryLimit(new MemoryLimitPolicy(0.95, Duration.ofHours(1),
                Duration.ofHours(4), List.of(Duration.ofHours(2))));
        double[] mem = staircase(8, j -> 1000 * MIB + 15 * MIB * j, 800 * MIB);
        ResourceSeries c = series(C0, mem, LIMIT);
        ResourceSeries before = flatBaseline(500 * MIB, 1);
        // at 2 h the 2 h window is the whole watch and exactly 8 blocks: tested
        LimitAssessment atTwo = new LimitWatch(p).assess(c, before, look(2));
        assertThat(atTwo.outcome()).isEqualTo(Outcome.HEADING_FOR_LIMIT);
        assertThat(atTwo.windowStartHours()).isEqualTo(0.0);
        assertThat(atTwo.windowEndHours()).isEqualTo(2.0);
        // at 1.75 h only 7 blocks exist: nothing projects
        LimitAssessment atSeven = new LimitWatch(p).assess(c.prefix(105), before, look(1.75));
        assertThat(atSeven.outcome()).isEqualTo(Outcome.CLEAR);
        assertThat(atSeven.slope()).isNull();
    }

    @Test
    void theTrendTestsRecentPartIsTestedAsAWholeNumberOfBlocks() {
        // no configured windows: the recent half (rounded to blocks, the older half rounded down) and the whole watch
        DriftPolicy p = DriftPolicy.defaults().withMemoryLimit(new MemoryLimitPolicy(0.95, Duration.ofHours(1),
                Duration.ofHours(4), List.of()));
        double[] mem = staircase(41, j -> 1000 * MIB + 10 * MIB * j, 600 * MIB);
        // 41 blocks seen: 20 older, 21 recent, so the recent window starts at block 20, 5 h
        LimitAssessment a = new LimitWatch(p).assess(series(C0, mem, LIMIT), null, look(10.25));
        assertThat(a.outcome()).isEqualTo(Outcome.HEADING_FOR_LIMIT);
        assertThat(a.windowStartHours()).isEqualTo(5.0);
        assertThat(a.windowEndHours()).isEqualTo(10.25);
    }

    @Test
    void aConfiguredWindowIsRoundedDownToWholeBlocks() {
        DriftPolicy p = DriftPolicy.defaults().withMemoryLimit(new MemoryLimitPolicy(0.95, Duration.ofHours(1),
                Duration.ofHours(4), List.of(Duration.ofMinutes(130))));
        LimitAssessment a = new LimitWatch(p).assess(series(C0, steadyLeak(24), LIMIT), null, look(6));
        assertThat(a.outcome()).isEqualTo(Outcome.HEADING_FOR_LIMIT);
        assertThat(a.windowStartHours()).isEqualTo(4.0); // 130 min is 8 blocks, 2 h
    }

    @Test
    void growthThatLevelledOffInTheShortestWindowIsNotEstablished() {
        // 60 MiB/h for 4 h, then flat: the longer windows still project the limit within 4 h, the 2 h one does not
        double[] mem = staircase(24, j -> 1000 * MIB + 15 * MIB * Math.min(j, 16), 780 * MIB);
        LimitAssessment a = watch.assess(series(C0, mem, LIMIT), null, look(6));
        assertThat(a.outcome()).isEqualTo(Outcome.NOT_ESTABLISHED);
        assertThat(a.breached()).isFalse();
        assertThat(a.limitWithinHorizon()).isTrue();
        assertThat(a.slope()).isNotNull();
        assertThat(a.hoursToLimitSlowest()).isLessThanOrEqualTo(4.0);
    }

    @Test
    void growthExactlyAtTheSmallestRelevantSlopeStillCounts() {
        // floor about 100 MiB: 0.5 %/h of it is under 1 MiB/h, so 1 MiB/h is the smallest slope worth acting on;
        // the floor grows exactly that, and a GC peak 4 MiB under the limit is reached in exactly 4 h
        double[] mem = staircase(24, j -> 100 * MIB + 0.25 * MIB * j, 0);
        mem[mem.length - 1] = LIMIT - 4 * MIB;
        LimitAssessment a = watch.assess(series(C0, mem, LIMIT), null, look(6));
        assertThat(a.slope().slope()).isEqualTo(MIB);
        assertThat(a.outcome()).isEqualTo(Outcome.HEADING_FOR_LIMIT);
        assertThat(a.hoursToLimitSlowest()).isEqualTo(4.0);
    }

    @Test
    void growthBelowTheSmallestRelevantSlopeProjectsNothing() {
        double[] mem = staircase(24, j -> 100 * MIB + 0.125 * MIB * j, 0); // 0.5 MiB/h
        mem[mem.length - 1] = LIMIT - MIB;
        LimitAssessment a = watch.assess(series(C0, mem, LIMIT), null, look(6));
        assertThat(a.outcome()).isEqualTo(Outcome.CLEAR);
    }

    @Test
    void theSmallestRelevantSlopeIsAShareOfThePreviousVersionsFloorWhenThereIsOne() {
        // 6 MiB/h with 20 MiB to go: 3.3 h. Relevant against a previous floor of 1000 MiB (5 MiB/h),
        // not against the candidate's own 1300 MiB (6.5 MiB/h) when there is no previous version.
        double[] mem = staircase(24, j -> 1300 * MIB + 1.5 * MIB * j, 0);
        mem[mem.length - 1] = LIMIT - 20 * MIB;
        ResourceSeries c = series(C0, mem, LIMIT);
        assertThat(watch.assess(c, flatBaseline(1000 * MIB, 1), look(6)).outcome()).isEqualTo(Outcome.HEADING_FOR_LIMIT);
        assertThat(watch.assess(c, null, look(6)).outcome()).isEqualTo(Outcome.CLEAR);
    }
    @Test
    void aFloorExactlyAtTheShareForTheWholeSustainPeriodIsAtTheLimit() {
        // at 1 h the sustain period is the whole watch, from the deployment on
        double[] at = staircase(4, j -> 0.95 * LIMIT, 0);
        LimitAssessment a = watch.assess(series(C0, at, LIMIT), null, look(1));
        assertThat(a.outcome()).isEqualTo(Outcome.AT_LIMIT);
        assertThat(a.sustainedFloor()).isEqualTo(0.95 * LIMIT);
        assertThat(a.slope()).isNull(); // no window holds 8 blocks yet
        double[] under = staircase(4, j -> 0.95 * LIMIT - 1, 0);
        assertThat(watch.assess(series(C0, under, LIMIT), null, look(1)).outcome()).isEqualTo(Outcome.CLEAR);
    }

    @Test
    void beforeASustainPeriodHasPassedOrWithoutARecentBlockTheLimitIsNotMeasured() {
        double[] at = staircase(4, j -> 0.99 * LIMIT, 0);
        LimitAssessment early = watch.assess(series(C0, at, LIMIT).prefix(59), null, look(59 / 60.0));
        assertThat(early.outcome()).isEqualTo(Outcome.NOT_MEASURED);
        assertThat(early.limitBytes()).isEqualTo(LIMIT);
        assertThat(early.sustainedFloor()).isNaN();
        // the last 15 minutes missing: the hour's floor is there, the latest block's peak is not
        double[] gap = at.clone();
        java.util.Arrays.fill(gap, 45, 60, Double.NaN);
        LimitAssessment noPeak = watch.assess(series(C0, gap, LIMIT), null, look(1));
        assertThat(noPeak.outcome()).isEqualTo(Outcome.NOT_MEASURED);
        assertThat(noPeak.limitBytes()).isEqualTo(LIMIT);
        // the sustain hour less than half covered: no floor, although the latest block is there
        double[] sparse = at.clone();
        java.util.Arrays.fill(sparse, 0, 45, Double.NaN);
        assertThat(watch.assess(series(C0, sparse, LIMIT), null, look(1)).outcome()).isEqualTo(Outcome.NOT_MEASURED);
        // and the same samples, complete, are at the limit
        assertThat(watch.assess(series(C0, at, LIMIT), null, look(1)).outcome()).isEqualTo(Outcome.AT_LIMIT);
    }

    @Test
    void withoutAPositiveLimitNothingIsMeasured() {
        double[] at = staircase(4, j -> 0.99 * LIMIT, 0);
        for (Double limit : new Double[] {null, 0.0, -LIMIT}) {
            LimitAssessment a = watch.assess(series(C0, at, limit), null, look(1));
            assertThat(a.outcome()).isEqualTo(Outcome.NOT_MEASURED);
            assertThat(a.limitBytes()).isNaN();
            assertThat(a.share()).isEqualTo(0.95);
            assertThat(a.horizonHours()).isEqualTo(4.0);
        }
    }

    @Test
    void aPreviousVersionWhoseFloorWasAtTheShareMakesTheLimitNoReasonToRollBack() {
        double[] high = staircase(8, j -> 0.97 * LIMIT, 0);
        ResourceSeries c = series(C0, high, LIMIT);
        LimitAssessment atShare = watch.assess(c, flatBaseline(0.95 * LIMIT, 2), look(2));
        assertThat(atShare.outcome()).isEqualTo(Outcome.AS_PREVIOUS);
        assertThat(atShare.breached()).isFalse();
        assertThat(atShare.previousFloor()).isEqualTo(0.95 * LIMIT);
        LimitAssessment justBelow = watch.assess(c, flatBaseline(0.95 * LIMIT - 1, 2), look(2));
        assertThat(justBelow.outcome()).isEqualTo(Outcome.AT_LIMIT);
    }

    @Test
    void aCandidateClimbingButNoHigherThanThePreviousVersionsFloorIsNotRolledBack() {
        // 120 MiB/h toward a limit 258 MiB above the peak, but the floor of the last hour (1000 MiB)
        // is exactly the previous version's: a rollback restores the same memory
        double[] mem = staircase(24, j -> 400 * MIB + 30 * MIB * j, 700 * MIB);
        ResourceSeries c = series(C0, mem, LIMIT);
        LimitAssessment same = watch.assess(c, flatBaseline(1000 * MIB, 1), look(6));
        assertThat(same.sustainedFloor()).isEqualTo(1000 * MIB);
        assertThat(same.outcome()).isEqualTo(Outcome.AS_PREVIOUS);
        assertThat(same.hoursToLimitSlowest()).isLessThan(4.0);
        LimitAssessment higher = watch.assess(c, flatBaseline(1000 * MIB - 1, 1), look(6));
        assertThat(higher.outcome()).isEqualTo(Outcome.HEADING_FOR_LIMIT);
    }

    @Test
    void thePreviousFloorIsTheMedianOfAllItsBlockMinima() {
        // an hour at 500 MiB, then an hour at 900 MiB with its GC peaks: 8 block minima, median 700 MiB
        double[] mem = new double[120];
        for (int i = 0; i < mem.length; i++) {
            mem[i] = (i < 60 ? 500 * MIB : 900 * MIB) + (i % 15 == 14 ? 300 * MIB : 0);
        }
        ResourceSeries before = series(C0 - 7200, mem, LIMIT);
        LimitAssessment a = watch.assess(series(C0, staircase(8, j -> 600 * MIB, 0), LIMIT), before, look(2));
        assertThat(a.previousFloor()).isEqualTo(700 * MIB);
        assertThat(a.outcome()).isEqualTo(Outcome.CLEAR);
        double[] none = new double[120];
        java.util.Arrays.fill(none, Double.NaN);
        assertThat(watch.assess(series(C0, staircase(8, j -> 600 * MIB, 0), LIMIT), series(C0 - 7200, none, LIMIT),
                look(2)).previousFloor()).isNaN();
    }

    /** The previous version over the whole day before the deployment, its hours 0-6 after the deployment's time of day rising as given. */
    private static ResourceSeries dayBefore(java.util.function.IntToDoubleFunction floorOfBlock) {
        return series(C0 - 86_400, staircase(96, floorOfBlock, 0), LIMIT);
    }

    @Test
    void aDailyRiseThePreviousVersionRodeAtTheSameHoursIsNotGrowthTowardTheLimit() {
        // both versions climb 120 MiB/h over these hours of the day; the new one runs 50 MiB higher
        java.util.function.IntToDoubleFunction day = j -> j < 24 ? 1000 * MIB + 30 * MIB * j : 1000 * MIB;
        double[] mem = staircase(24, j -> day.applyAsDouble(j) + 50 * MIB, 250 * MIB);
        ResourceSeries c = series(C0, mem, LIMIT);
        LimitAssessment paired = watch.assess(c, dayBefore(day), look(6));
        assertThat(paired.outcome()).isEqualTo(Outcome.CLEAR);
        assertThat(paired.previousFloor()).isEqualTo(1000 * MIB);
        // the same climb against a previous version seen only on other hours is heading for the limit
        LimitAssessment unpaired = watch.assess(c, flatBaseline(1000 * MIB, 6), look(6));
        assertThat(unpaired.outcome()).isEqualTo(Outcome.HEADING_FOR_LIMIT);
    }

    @Test
    void climbingBackToThePreviousVersionsLevelIsNoGrowthARollbackWouldUndo() {
        // the previous version flat at 1700 MiB; the new one warms up from 1000 MiB toward it
        double[] mem = staircase(24, j -> 1000 * MIB + 30 * MIB * j, 300 * MIB);
        LimitAssessment a = watch.assess(series(C0, mem, LIMIT), dayBefore(j -> 1700 * MIB), look(6));
        assertThat(a.outcome()).isEqualTo(Outcome.CLEAR);
        assertThat(a.slope()).isNull();
    }
    @Test
    void aWindowMissingABlockBelowTheMinimumIsSkippedForTheNextLongest() {
        // the steady leak with block 16 missing: the 2 h window keeps 7 blocks, so the 3 h one is shown
        double[] mem = steadyLeak(24);
        java.util.Arrays.fill(mem, 16 * BLOCK_MINUTES, 17 * BLOCK_MINUTES, Double.NaN);
        LimitAssessment a = watch.assess(series(C0, mem, LIMIT), null, look(6));
        assertThat(a.outcome()).isEqualTo(Outcome.HEADING_FOR_LIMIT);
        assertThat(a.windowStartHours()).isEqualTo(3.0);
    }

    @Test
    void aLongWindowNeedsHalfOfItsBlocks() {
        // every other block missing: the 2 h and 3 h windows hold 4 and 6 blocks, the 6 h one 12 of 24
        double[] mem = steadyLeak(24);
        for (int j = 0; j < 24; j += 2) {
            java.util.Arrays.fill(mem, j * BLOCK_MINUTES, (j + 1) * BLOCK_MINUTES, Double.NaN);
        }
        LimitAssessment half = watch.assess(series(C0, mem, LIMIT), null, look(6));
        assertThat(half.outcome()).isEqualTo(Outcome.HEADING_FOR_LIMIT);
        assertThat(half.windowStartHours()).isEqualTo(0.0);
        assertThat(half.sustainedFloor()).isEqualTo(1315 * MIB); // block 21: block 20 is missing
        java.util.Arrays.fill(mem, BLOCK_MINUTES, 2 * BLOCK_MINUTES, Double.NaN); // 11 of 24
        assertThat(watch.assess(series(C0, mem, LIMIT), null, look(6)).outcome()).isEqualTo(Outcome.CLEAR);
    }

    @Test
    void thePreviousVersionsSameHoursCountWhenTheyPairHalfAWindowsBlocks() {
        // the daily rise both versions ride, the previous version's day missing its hours before block 12
        // (block 13): the 6 h window pairs 12 (11) of its 24 blocks
        java.util.function.IntToDoubleFunction day = j -> j < 24 ? 1000 * MIB + 30 * MIB * j : 1000 * MIB;
        ResourceSeries c = series(C0, staircase(24, j -> day.applyAsDouble(j) + 50 * MIB, 250 * MIB), LIMIT);
        LimitAssessment half = watch.assess(c, dayBefore(j -> j < 12 ? Double.NaN : day.applyAsDouble(j)), look(6));
        assertThat(half.outcome()).isEqualTo(Outcome.CLEAR);
        // with 11 paired the 6 h window is judged on the floors as they are: the climb projects the limit,
        // though the shorter, paired windows show no growth going on
        LimitAssessment less = watch.assess(c, dayBefore(j -> j < 13 ? Double.NaN : day.applyAsDouble(j)), look(6));
        assertThat(less.outcome()).isEqualTo(Outcome.NOT_ESTABLISHED);
        assertThat(less.windowStartHours()).isEqualTo(0.0);
    }

    @Test
    void aPairedWindowNeedsTheMinimumBlocksPaired() {
        // the previous version's day holds the same hours of blocks 8-15 (9-15) only
        java.util.function.IntToDoubleFunction day = j -> j < 24 ? 1000 * MIB + 30 * MIB * j : 1000 * MIB;
        DriftPolicy p = DriftPolicy.defaults().withMemoryLimit(new MemoryLimitPolicy(0.95, Duration.ofHours(1),
                Duration.ofHours(4), List.of(Duration.ofHours(2))));
        ResourceSeries c = series(C0, staircase(16, j -> day.applyAsDouble(j + 8) + 50 * MIB, 250 * MIB), LIMIT);
        ResourceSeries eight = dayBefore(j -> j < 8 || j >= 16 ? Double.NaN : day.applyAsDouble(j + 8));
        ResourceSeries seven = dayBefore(j -> j < 9 || j >= 16 ? Double.NaN : day.applyAsDouble(j + 8));
        // at 4 h the 2 h window and the recent half are blocks 8-15, the whole watch 0-15: with 8 paired
        // both see the previous version's rise, with 7 neither does and the climb is heading for the limit
        assertThat(new LimitWatch(p).assess(c, eight, look(4)).outcome()).isEqualTo(Outcome.CLEAR);
        LimitAssessment unpaired = new LimitWatch(p).assess(c, seven, look(4));
        assertThat(unpaired.outcome()).isEqualTo(Outcome.HEADING_FOR_LIMIT);
        assertThat(unpaired.windowStartHours()).isEqualTo(2.0);
    }
}
