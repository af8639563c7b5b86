package io.postflight.judge.drift;

import static io.postflight.judge.drift.SyntheticResources.MIB;
import static io.postflight.judge.drift.TrendAnalyzerTest.blocks;
import static io.postflight.judge.drift.TrendAnalyzerTest.dayBefore;
import static io.postflight.judge.drift.TrendAnalyzerTest.look;
import static io.postflight.judge.drift.TrendAnalyzerTest.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.postflight.judge.drift.TrendAssessment.Outcome;
import io.postflight.judge.drift.TrendAssessment.ReferenceMode;
import io.postflight.metrics.ResourceSeries;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link TrendAnalyzer} on CPU and disk: the floors of relevance each uses, and disk growth
 * measured as rotation-corrected growth from the deployment's time of day, on disks that write a
 * whole number of MiB a minute (exact slopes and excesses).
 */
class TrendAnalyzerDiskTest {

    private static final long C0 = SyntheticResources.DEPLOYED_AT;
    private static final double LIMIT = 2048 * MIB;
    private static final IntToDoubleFunction FLAT_CPU = i -> 0.5;
    private static final IntToDoubleFunction FLAT_DISK = i -> 6000 * MIB;

    private final TrendAnalyzer analyzer = new TrendAnalyzer(DriftPolicy.defaults());

    @Test
    void cpuCreepIsJudgedAgainstAShareOfThePreviousVersionsCpu() {
        ResourceSeries before = dayBefore(i -> 800 * MIB, i -> 0.8, FLAT_DISK);
        ResourceSeries creep = series(C0, 720, i -> 800 * MIB, blocks(j -> 0.8 + j / 256.0, 0), FLAT_DISK, LIMIT);
        TrendAssessment a = analyzer.assess(DriftResource.CPU, creep, before, look(12));
        assertThat(a.minSlopePerHour()).isCloseTo(0.008, within(1e-15)); // 1 %/h of 0.8 cores
        assertThat(a.slope().slope()).isEqualTo(4 / 256.0);
        assertThat(a.outcome()).isEqualTo(Outcome.BREACHED);
        ResourceSeries idle = series(C0, 720, i -> 800 * MIB, i -> 0.1, FLAT_DISK, LIMIT);
        TrendAssessment low = analyzer.assess(DriftResource.CPU, idle, dayBefore(i -> 800 * MIB, i -> 0.1, FLAT_DISK),
                look(12));
        assertThat(low.minSlopePerHour()).isEqualTo(0.005); // never below 0.005 cores/h
        assertThat(low.limitBytes()).isNaN(); // the memory limit is memory's only
    }

    @Test
    void diskGrowthIsMeasuredFromTheSameTimeOfDayOfThePreviousVersionNotFromItsFirstSample() {
        // the previous version grows 4 MiB a minute over the 30 h before the deployment, the new one 6:
        // 120 MiB/h more, its excess from the deployment's time of day on 2 * (15 j + 7) MiB in block j
        ResourceSeries before = series(C0 - 30 * 3600, 1800, i -> 800 * MIB, FLAT_CPU, i -> 6000 * MIB + 4 * MIB * i,
                LIMIT);
        ResourceSeries growing = series(C0, 360, i -> 800 * MIB, FLAT_CPU, i -> 6000 * MIB + 6 * MIB * i, LIMIT);
        TrendAssessment a = analyzer.assess(DriftResource.DISK, growing, before, look(6));
        assertThat(a.reference()).isEqualTo(ReferenceMode.SEASONAL);
        assertThat(a.slope().slope()).isEqualTo(120 * MIB);
        assertThat(a.referenceLevel()).isEqualTo(240 * MIB); // the previous version's own growth per hour
        assertThat(a.minSlopePerHour()).isEqualTo(64 * MIB);
        assertThat(a.baselineSlopePerHour()).isEqualTo(240 * MIB);
        assertThat(a.excessNow()).isEqualTo(659 * MIB);
        assertThat(a.outcome()).isEqualTo(Outcome.BREACHED);
        assertThat(a.limitBytes()).isNaN();
    }

    @Test
    void aPreviousVersionWithOneDiskBlockIsNoReferenceAndTheCandidateIsTestedAlone() {
        // the previous version ran only the last 15 minutes before the deployment: one block, no rate
        ResourceSeries before = series(C0 - 15 * 60, 15, i -> 800 * MIB, FLAT_CPU, i -> 6000 * MIB + 4 * MIB * i,
                LIMIT);
        ResourceSeries growing = series(C0, 720, i -> 800 * MIB, FLAT_CPU, i -> 6000 * MIB + 4 * MIB * i, LIMIT);
        TrendAssessment a = analyzer.assess(DriftResource.DISK, growing, before, look(12));
        TrendAssessment alone = analyzer.assess(DriftResource.DISK, growing, null, look(12));
        assertThat(a.reference()).isEqualTo(ReferenceMode.NONE);
        assertThat(a.outcome()).isEqualTo(alone.outcome()).isNotEqualTo(Outcome.INSUFFICIENT);
        assertThat(a.blocks()).isEqualTo(alone.blocks()).isGreaterThan(0);
    }

    @Test
    void aRotatedDiskGrowsOnlyByWhatItWritesBetweenRotations() {
        // the same 6 MiB a minute, rotated away (1000 MiB at once) every two hours: still 120 MiB/h more
        ResourceSeries before = series(C0 - 30 * 3600, 1800, i -> 800 * MIB, FLAT_CPU, i -> 6000 * MIB + 4 * MIB * i,
                LIMIT);
        ResourceSeries rotated = series(C0, 360, i -> 800 * MIB, FLAT_CPU,
                i -> 6000 * MIB + 6 * MIB * i - 1000 * MIB * (i / 120), LIMIT);
        TrendAssessment a = analyzer.assess(DriftResource.DISK, rotated, before, look(6));
        assertThat(a.slope().slope()).isEqualTo(120 * MIB);
        // only the writes of the two rotation minutes (6 MiB each) go out with the drops
        assertThat(a.excessNow()).isEqualTo(647 * MIB);
        // (the level itself falls 140 MiB/h on average: judged on it, the rotations would hide the growth)
        assertThat(a.mannKendall().s()).isEqualTo(66.0); // every later block above every earlier one
    }

    @Test
    void diskAgainstAPreviousVersionOnOtherHoursIsJudgedAgainstItsGrowthRate() {
        // the previous version seen only in the 6 h before the deployment, growing 4 MiB a minute
        ResourceSeries before = series(C0 - 6 * 3600, 360, i -> 800 * MIB, FLAT_CPU, i -> 6000 * MIB + 4 * MIB * i,
                LIMIT);
        ResourceSeries same = series(C0, 720, i -> 800 * MIB, FLAT_CPU, i -> 6000 * MIB + 4 * MIB * i, LIMIT);
        TrendAssessment a = analyzer.assess(DriftResource.DISK, same, before, look(12));
        assertThat(a.reference()).isEqualTo(ReferenceMode.LEVEL);
        assertThat(a.referenceLevel()).isEqualTo(240 * MIB);
        assertThat(a.minSlopePerHour()).isEqualTo(64 * MIB);
        assertThat(a.slope().slope()).isEqualTo(0.0);
        // a block's median is its 8th minute, the reference line is at its centre, half a minute (2 MiB) later
        assertThat(a.excessNow()).isEqualTo(-2 * MIB);
        assertThat(a.outcome()).isEqualTo(Outcome.UNREFERENCED);
        // a previous version that grew four times as fast raises the relevant slope to a quarter of its rate
        ResourceSeries fast = series(C0 - 6 * 3600, 360, i -> 800 * MIB, FLAT_CPU, i -> 6000 * MIB + 16 * MIB * i,
                LIMIT);
        assertThat(analyzer.assess(DriftResource.DISK, same, fast, look(12)).minSlopePerHour()).isEqualTo(240 * MIB);
        // without a previous version the disk's own growth is not a reference: the floor is 64 MiB/h
        TrendAssessment none = analyzer.assess(DriftResource.DISK, same, null, look(12));
        assertThat(none.referenceLevel()).isZero();
        assertThat(none.minSlopePerHour()).isEqualTo(64 * MIB);
    }
    @Test
    void diskGrowthBeyondThePreviousVersionsRateIsSignificantAgainstItsLevelToo() {
        // the previous version seen only before the deployment, 4 MiB a minute; the new one writes 6
        ResourceSeries before = series(C0 - 6 * 3600, 360, i -> 800 * MIB, FLAT_CPU, i -> 6000 * MIB + 4 * MIB * i,
                LIMIT);
        ResourceSeries faster = series(C0, 720, i -> 800 * MIB, FLAT_CPU, i -> 6000 * MIB + 6 * MIB * i, LIMIT);
        TrendAssessment a = analyzer.assess(DriftResource.DISK, faster, before, look(12));
        assertThat(a.reference()).isEqualTo(ReferenceMode.LEVEL);
        assertThat(a.slope().slope()).isEqualTo(120 * MIB);
        assertThat(a.significant()).isTrue();
        assertThat(a.mannKendall().covariateCorrelation()).isNaN(); // the difference is tested, not a partial test
        assertThat(a.outcome()).isEqualTo(Outcome.UNREFERENCED);
    }

    @Test
    void aMissingSampleAtTheDeploymentsTimeOfDayMovesTheDiskOriginToTheNextOne() {
        // as above from 30 h before, but the previous version's sample 24 h before the deployment is missing:
        // its growth counts from the next minute, 4 MiB later, and the excess is 4 MiB more
        ResourceSeries before = series(C0 - 30 * 3600, 1800, i -> 800 * MIB, FLAT_CPU,
                i -> i == 360 ? Double.NaN : 6000 * MIB + 4 * MIB * i, LIMIT);
        ResourceSeries growing = series(C0, 360, i -> 800 * MIB, FLAT_CPU, i -> 6000 * MIB + 6 * MIB * i, LIMIT);
        TrendAssessment a = analyzer.assess(DriftResource.DISK, growing, before, look(6));
        assertThat(a.excessNow()).isEqualTo(663 * MIB);
        assertThat(a.outcome()).isEqualTo(Outcome.BREACHED);
    }
}
