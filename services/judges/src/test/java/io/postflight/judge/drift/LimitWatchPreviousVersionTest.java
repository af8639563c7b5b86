package io.postflight.judge.drift;

import static io.postflight.judge.drift.LimitWatchTest.dayBefore;
import static io.postflight.judge.drift.LimitWatchTest.flatBaseline;
import static io.postflight.judge.drift.LimitWatchTest.look;
import static io.postflight.judge.drift.LimitWatchTest.series;
import static io.postflight.judge.drift.LimitWatchTest.staircase;
import static io.postflight.judge.drift.SyntheticResources.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.judge.drift.LimitAssessment.Outcome;
import io.postflight.metrics.ResourceSeries;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link LimitWatch} against the previous version (its floor, the paired same hours of its day) and
 * where there is nothing to measure, on the noise-free staircases of {@link LimitWatchTest}.
 */
class LimitWatchPreviousVersionTest {

    private static final double LIMIT = 2048 * MIB;
    private static final long C0 = SyntheticResources.DEPLOYED_AT;

    private final LimitWatch watch = new LimitWatch(DriftPolicy.defaults());
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
    @Test
    void halfOfAWindowsBlocksMeansHalfOfThoseWithSamples() {
        // the daily rise both versions ride; the new one's first 10 blocks missing, the previous version's day
        // holding only the same hours of blocks 16-23: 8 paired of the 6 h window's 14 blocks with samples
        java.util.function.IntToDoubleFunction day = j -> j < 24 ? 1000 * MIB + 30 * MIB * j : 1000 * MIB;
        double[] mem = staircase(24, j -> j < 10 ? Double.NaN : day.applyAsDouble(j) + 50 * MIB, 250 * MIB);
        ResourceSeries c = series(C0, mem, LIMIT);
        LimitAssessment a = watch.assess(c, dayBefore(j -> j < 16 ? Double.NaN : day.applyAsDouble(j)), look(6));
        assertThat(a.outcome()).isEqualTo(Outcome.CLEAR);
    }
}
