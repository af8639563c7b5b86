package io.postflight.judge.drift;

import static io.postflight.judge.drift.LimitWatchTest.flatBaseline;
import static io.postflight.judge.drift.LimitWatchTest.look;
import static io.postflight.judge.drift.LimitWatchTest.series;
import static io.postflight.judge.drift.LimitWatchTest.staircase;
import static io.postflight.judge.drift.SyntheticResources.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.judge.drift.LimitAssessment.Outcome;
import org.junit.jupiter.api.Test;

/**
 * {@link LimitWatch} where Sen's estimate and its interval disagree: only growth the interval
 * establishes, still going on in the shortest window, acts; an estimate alone is NOT_ESTABLISHED.
 * Staircases as in {@link LimitWatchTest}, shaped so the interval's ends are known exactly.
 */
class LimitWatchIntervalTest {

    private static final double LIMIT = 2048 * MIB;
    private static final long C0 = SyntheticResources.DEPLOYED_AT;

    private final LimitWatch watch = new LimitWatch(DriftPolicy.defaults());

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
    void aSlopeWhoseIntervalReachesZeroIsNotTimedEvenWhenItsEstimateIsClose() {
        // at 2 h only one 8-block window: flat for 5 blocks, then 15 MiB a block. Sen's slope is positive
        // and puts the limit (10 MiB above the peak) within minutes, but the interval's lower end is 0
        double[] mem = staircase(8, j -> 1000 * MIB + 15 * MIB * Math.max(0, j - 4), 0);
        mem[mem.length - 1] = LIMIT - 10 * MIB;
        LimitAssessment a = watch.assess(series(C0, mem, LIMIT), flatBaseline(500 * MIB, 1), look(2));
        assertThat(a.outcome()).isEqualTo(Outcome.CLEAR);
        assertThat(a.slope()).isNull();
    }

    @Test
    void growthThatPausedInTheShortestWindowIsNotStillGrowing() {
        // 60 MiB/h, a pause over blocks 16-20, then on again: the 6 h window heads for the limit, but in the
        // 2 h window (blocks 16-23) five flat blocks leave the interval's lower end at 0
        double[] mem = staircase(24, j -> 1000 * MIB + 15 * MIB * (j <= 16 ? j : j <= 20 ? 16 : j - 4), 0);
        mem[mem.length - 1] = LIMIT - 10 * MIB;
        LimitAssessment a = watch.assess(series(C0, mem, LIMIT), null, look(6));
        assertThat(a.outcome()).isEqualTo(Outcome.NOT_ESTABLISHED);
        assertThat(a.hoursToLimitSlowest()).isLessThanOrEqualTo(4.0);
    }
    private static double[] zigzag(double room) {
        double[] floors = new double[8];
        floors[0] = 1000 * MIB;
        for (int j = 1; j < floors.length; j++) {
            floors[j] = floors[j - 1] + (j % 2 == 1 ? 10 : 50) * MIB;
        }
        double[] mem = staircase(8, j -> floors[j], 0);
        mem[mem.length - 1] = LIMIT - room;
        return mem;
    }

    @Test
    void aLimitReachedExactlyAtTheHorizonAtTheEstimatedRateButNotAtTheSlowestIsNotEstablished() {
        LimitAssessment a = watch.assess(series(C0, zigzag(480 * MIB), LIMIT), flatBaseline(500 * MIB, 1), look(2));
        assertThat(a.slope().slope()).isEqualTo(120 * MIB);
        assertThat(a.hoursToLimit()).isEqualTo(4.0);
        assertThat(a.hoursToLimitSlowest()).isGreaterThan(4.0);
        assertThat(a.outcome()).isEqualTo(Outcome.NOT_ESTABLISHED);
        assertThat(a.breached()).isFalse();
        LimitAssessment further = watch.assess(series(C0, zigzag(481 * MIB), LIMIT), flatBaseline(500 * MIB, 1), look(2));
        assertThat(further.outcome()).isEqualTo(Outcome.CLEAR);
    }

    @Test
    void anEstimateReachingTheLimitStaysNotEstablishedAfterTheGrowthLevelledOff() {
        // the levelled-off climb 200 MiB under the limit: the whole watch (56 MiB/h, lower end 36 MiB/h)
        // reaches it in 3.6 h at its estimate but not within 4 h at the slowest, and the 2 h window is flat
        double[] mem = staircase(24, j -> 1000 * MIB + 15 * MIB * Math.min(j, 16), 0);
        mem[mem.length - 1] = LIMIT - 200 * MIB;
        LimitAssessment a = watch.assess(series(C0, mem, LIMIT), null, look(6));
        assertThat(a.outcome()).isEqualTo(Outcome.NOT_ESTABLISHED);
        assertThat(a.hoursToLimit()).isLessThanOrEqualTo(4.0);
        assertThat(a.hoursToLimitSlowest()).isGreaterThan(4.0);
    }
    @Test
    void amongEquallyCloseEstimatesTheShortestWindowIsShown() {
        // 30 MiB a block for 3 h, then 10 and 50 by turns: Sen's slope is 120 MiB/h over 2, 3 and 6 h alike,
        // 470 MiB under the limit (3.9 h); no window's interval is narrow enough to reach it within 4 h
        double[] floors = new double[24];
        floors[0] = 900 * MIB; // to 1570 MiB at block 23, its peak 1578 MiB
        for (int j = 1; j < floors.length; j++) {
            floors[j] = floors[j - 1] + (j <= 12 ? 30 : j % 2 == 1 ? 10 : 50) * MIB;
        }
        double[] mem = staircase(24, j -> floors[j], 0);
        mem[mem.length - 1] = LIMIT - 470 * MIB;
        LimitAssessment a = watch.assess(series(C0, mem, LIMIT), null, look(6));
        assertThat(a.outcome()).isEqualTo(Outcome.NOT_ESTABLISHED);
        assertThat(a.slope().slope()).isEqualTo(120 * MIB);
        assertThat(a.windowStartHours()).isEqualTo(4.0);
    }
    @Test
    void growthTooSlowToMatterInTheShortestWindowIsNotStillGrowing() {
        // 60 MiB/h, then 4 MiB/h over the last 2 h: established there, but under 0.5 %/h of the 1.3 GiB floor
        double[] mem = staircase(24, j -> 1000 * MIB + 15 * MIB * Math.min(j, 16) + MIB * Math.max(0, j - 16), 0);
        mem[mem.length - 1] = LIMIT - 50 * MIB;
        LimitAssessment a = watch.assess(series(C0, mem, LIMIT), null, look(6));
        assertThat(a.hoursToLimitSlowest()).isLessThanOrEqualTo(4.0);
        assertThat(a.outcome()).isEqualTo(Outcome.NOT_ESTABLISHED);
    }
}
