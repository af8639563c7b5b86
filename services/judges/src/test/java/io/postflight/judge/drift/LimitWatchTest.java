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
        // a mebibyte more headroom puts the limit beyond the horizon at every rate
        double[] further = staircase(24, j -> 1000 * MIB + 15 * MIB * j, 462 * MIB);
        LimitAssessment clear = watch.assess(series(C0, further, LIMIT), null, look(6));
        assertThat(clear.outcome()).isEqualTo(Outcome.CLEAR);
        assertThat(clear.slope()).isNull();
        assertThat(clear.hoursToLimitSlowest()).isNaN();
        assertThat(clear.windowStartHours()).isNaN();
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

    /** The previous version over the whole day before the deployment, its hours 0-6 after the deployment's time of day rising as given. */
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

    static ResourceSeries dayBefore(java.util.function.IntToDoubleFunction floorOfBlock) {
        return series(C0 - 86_400, staircase(96, floorOfBlock, 0), LIMIT);
    }
    @Test
    void theMostUrgentWindowIsShownEvenWhenALongerOne() {
        // 60 MiB/h, slowing to 30 MiB/h over the last 2 h, 100 MiB under the limit: the 2 h window
        // reaches it in 3.3 h at the least, the whole watch (lower end 48 MiB/h) in 2.1 h
        double[] mem = staircase(24, j -> 1000 * MIB + 15 * MIB * Math.min(j, 16) + 7.5 * MIB * Math.max(0, j - 16), 0);
        mem[mem.length - 1] = LIMIT - 100 * MIB;
        LimitAssessment a = watch.assess(series(C0, mem, LIMIT), null, look(6));
        assertThat(a.outcome()).isEqualTo(Outcome.HEADING_FOR_LIMIT);
        assertThat(a.windowStartHours()).isEqualTo(0.0);
        assertThat(a.slope().lower()).isEqualTo(48 * MIB);
        assertThat(a.hoursToLimitSlowest()).isEqualTo(100 / 48.0);
    }

    @Test
    void theWindowShownIsTheOneWhoseSlowestRateActsNotTheFastestEstimate() {
        // 90 MiB/h, then 5 and 55 MiB a block by turns: the 2 h window's estimate (120 MiB/h) is the
        // fastest, but the 3 h one's interval (from 90 MiB/h) reaches the limit soonest at its slowest
        double[] floors = new double[24];
        floors[0] = 1000 * MIB;
        for (int j = 1; j < floors.length; j++) {
            floors[j] = floors[j - 1] + (j <= 16 ? 22.5 : j % 2 == 1 ? 5 : 55) * MIB;
        }
        double[] mixed = staircase(24, j -> floors[j], 0);
        mixed[mixed.length - 1] = LIMIT - 300 * MIB;
        LimitAssessment m = watch.assess(series(C0, mixed, LIMIT), null, look(6));
        assertThat(m.windowStartHours()).isEqualTo(3.0);
        assertThat(m.slope().lower()).isEqualTo(90 * MIB);
        assertThat(m.outcome()).isEqualTo(Outcome.HEADING_FOR_LIMIT);
    }

    /** Eight blocks rising 10 and 50 MiB by turns: Sen's slope 120 MiB/h, its interval's lower end 93.3 MiB/h. */
}
