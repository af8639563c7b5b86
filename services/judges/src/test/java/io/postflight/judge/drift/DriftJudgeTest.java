package io.postflight.judge.drift;

import static io.postflight.judge.drift.SyntheticResources.MIB;
import static io.postflight.judge.drift.SyntheticResources.at;
import static io.postflight.judge.drift.SyntheticResources.visible;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.postflight.contracts.Evidence;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.metrics.ResourceSeries;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DriftJudgeTest {

    private final DriftJudge judge = new DriftJudge(DriftPolicy.defaults());

    /** The first final verdict when asked every 15 minutes, as the drift-verifier does; hours in [0]. */
    private record Decision(double hours, JudgeVerdict verdict) {
    }

    private Decision replay(ResourceSeries candidate, ResourceSeries baseline) {
        for (int quarter = 1; quarter <= 96; quarter++) {
            double h = quarter / 4.0;
            JudgeVerdict v = judge.evaluate(visible(candidate, h), baseline, at(h));
            if (v.status().isFinal()) {
                return new Decision(h, v);
            }
        }
        throw new AssertionError("no final verdict after 24 h");
    }

    private static Evidence evidence(JudgeVerdict v, String check) {
        return v.evidence().stream().filter(e -> e.check().equals(check)).findFirst().orElseThrow();
    }

    @Test
    void steadyServiceWatchesThenPassesAtTheEndOfTheDay() {
        SyntheticResources s = new SyntheticResources(1);
        ResourceSeries c = s.candidate();
        ResourceSeries b = s.baseline();
        JudgeVerdict early = judge.evaluate(visible(c, 0.75), b, at(0.75));
        assertThat(early.status()).isEqualTo(JudgeStatus.WATCHING);
        assertThat(early.evidence()).isEmpty();
        JudgeVerdict limitOnly = judge.evaluate(visible(c, 2), b, at(2));
        assertThat(limitOnly.status()).isEqualTo(JudgeStatus.WATCHING);
        assertThat(limitOnly.evidence()).extracting(Evidence::check).containsExactly("memory-limit");
        JudgeVerdict midday = judge.evaluate(visible(c, 12), b, at(12));
        assertThat(midday.status()).isEqualTo(JudgeStatus.WATCHING);
        assertThat(midday.evidence()).extracting(Evidence::check).containsExactly("memory-trend", "cpu-trend", "disk-trend",
                "memory-limit");
        assertThat(midday.evidence()).noneMatch(Evidence::breached);
        Decision d = replay(c, b);
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.PASSED);
        assertThat(d.hours()).isEqualTo(24.0);
        assertThat(evidence(d.verdict(), "memory-trend").labels()).containsEntry("reference", "seasonal");
        assertThat(evidence(d.verdict(), "memory-trend").figures().get("windowStartHours")).isEqualTo(12.0);
    }

    @Test
    void memoryLeakFailsWithinHoursAndProjectsTheTimeToTheLimit() {
        SyntheticResources s = new SyntheticResources(2);
        s.leakBytesPerHour = 38 * MIB;
        Decision d = replay(s.candidate(), s.baseline());
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(d.hours()).isBetween(5.0, 8.0);
        Evidence mem = evidence(d.verdict(), "memory-trend");
        assertThat(mem.breached()).isTrue();
        double slope = mem.figures().get("slopePerHour");
        assertThat(slope / MIB).isCloseTo(38, within(4.0));
        assertThat(mem.figures().get("slopeLowerPerHour")).isLessThanOrEqualTo(38 * MIB);
        assertThat(mem.figures().get("slopeUpperPerHour")).isGreaterThanOrEqualTo(38 * MIB);
        assertThat(mem.figures().get("pValue")).isLessThanOrEqualTo(mem.figures().get("alphaPerTest"));
        double hoursToLimit = mem.figures().get("hoursToLimit");
        assertThat(hoursToLimit).isCloseTo((2048 * MIB - mem.figures().get("peakBytes")) / slope, within(1e-9));
        assertThat(mem.summary()).startsWith("memory leak: memory floor +3").contains("MiB/h")
                .contains("limit 2 GiB in about " + Math.round(hoursToLimit) + " h")
                // in words: the test's conclusion and what a rollback needs, no statistic or p-value
                .contains("; a sustained rise beyond chance (" + mem.figures().get("blocks").intValue()
                        + " blocks of samples tested, the previous version's own movement taken out)")
                .contains("; a rollback needs at least +").contains(" or the limit near;")
                .doesNotContain("Mann-Kendall").doesNotContain(" Z ").doesNotContain(", p ").doesNotContain("look level");
        assertThat(evidence(d.verdict(), "cpu-trend").summary()).contains("no sustained rise shown beyond chance")
                .doesNotContain("limit near");
        assertThat(d.verdict().summary()).contains("memory leak").endsWith("(look at " + fmt(d.hours()) + " h)");
        assertThat(evidence(d.verdict(), "cpu-trend").breached()).isFalse();
    }

    @Test
    void slowLeakNearTheLimitFailsOnTheProjectionAlone() {
        SyntheticResources s = new SyntheticResources(3);
        s.memoryBase = 1700 * MIB;
        s.leakBytesPerHour = 6 * MIB; // below 0.5 %/h of 1.7 GiB, but the limit is 250 MiB away
        s.memoryLimit = 2048 * MIB;
        Decision d = replay(s.candidate(), s.baseline());
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.FAILED);
        Evidence mem = evidence(d.verdict(), "memory-trend");
        assertThat(mem.figures().get("slopePerHour")).isLessThan(mem.figures().get("minSlopePerHour"));
        assertThat(mem.figures().get("hoursToLimit")).isLessThanOrEqualTo(48.0);
    }

    @Test
    void warmUpToThePreviousVersionsLevelIsNotALeak() {
        SyntheticResources s = new SyntheticResources(4);
        s.warmupDeficit = 350 * MIB;
        s.warmupMinutes = 160;
        Decision d = replay(s.candidate(), s.baseline());
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.PASSED);
    }

    @Test
    void cpuCreepFails() {
        SyntheticResources s = new SyntheticResources(5);
        s.cpuCreepPerHour = 0.05;
        Decision d = replay(s.candidate(), s.baseline());
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.FAILED);
        Evidence cpu = evidence(d.verdict(), "cpu-trend");
        assertThat(cpu.breached()).isTrue();
        assertThat(cpu.figures().get("slopePerHour")).isCloseTo(0.05, within(0.01));
        assertThat(cpu.summary()).startsWith("CPU creep: CPU +0.0");
    }

    @Test
    void aBusierDayThanThePreviousOneIsNotCreep() {
        SyntheticResources s = new SyntheticResources(13);
        s.candidateLoadFactor = 1.5; // the daily swing of CPU and memory half again as large
        Decision d = replay(s.candidate(), s.baseline());
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.PASSED);
        assertThat(evidence(d.verdict(), "cpu-trend").figures().get("covariateCorrelation")).isGreaterThan(0.5);
    }

    @Test
    void logRotationOutOfStepWithThePreviousVersionIsNotDiskGrowth() {
        SyntheticResources s = new SyntheticResources(6);
        s.logBytesPerMinute = 10 * MIB;
        s.candidateRotationOffsetMinutes = 137;
        Decision d = replay(s.candidate(), s.baseline());
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.PASSED);
        Evidence disk = evidence(d.verdict(), "disk-trend");
        // the previous version's rotation-corrected growth is its log rate, 600 MiB/h
        assertThat(disk.figures().get("referenceLevel") / MIB).isCloseTo(600, within(30.0));
    }

    @Test
    void diskGrowthFails() {
        SyntheticResources s = new SyntheticResources(7);
        s.diskGrowthBytesPerHour = 200 * MIB;
        Decision d = replay(s.candidate(), s.baseline());
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(evidence(d.verdict(), "disk-trend").breached()).isTrue();
        assertThat(evidence(d.verdict(), "disk-trend").summary()).startsWith("disk growth: disk growth +");
    }

    @Test
    void withoutThePreviousVersionASteadyServiceIsNotPassed() {
        SyntheticResources s = new SyntheticResources(8);
        Decision d = replay(s.candidate(), null);
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(d.verdict().summary()).contains("could not test").contains("unreferenced");
        assertThat(evidence(d.verdict(), "cpu-trend").labels()).containsEntry("reference", "none");
    }

    @Test
    void withoutThePreviousVersionALeakHeadingForTheLimitStillFails() {
        SyntheticResources s = new SyntheticResources(9);
        s.leakBytesPerHour = 60 * MIB;
        Decision d = replay(s.candidate(), null);
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.FAILED);
        Evidence mem = evidence(d.verdict(), "memory-trend");
        assertThat(mem.figures().get("hoursToLimit")).isLessThanOrEqualTo(48.0);
        assertThat(mem.summary()).contains("no previous version to compare with")
                .contains("; without the previous version's same hours only a rise reaching the limit soon is rolled back")
                .doesNotContain("a rollback needs at least");
    }

    @Test
    void missingMemoryMakesThePhaseInconclusive() {
        SyntheticResources s = new SyntheticResources(10);
        ResourceSeries c = s.candidate();
        double[] none = new double[c.steps()];
        Arrays.fill(none, Double.NaN);
        ResourceSeries noMemory = new ResourceSeries(c.startEpochSeconds(), c.stepSeconds(), none, c.cpuCores(),
                c.diskBytes(), c.memoryLimitBytes());
        Decision d = replay(noMemory, s.baseline());
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(evidence(d.verdict(), "memory-trend").summary()).isEqualTo("memory floor: no samples");
    }

    @Test
    void anOutageAtTheEndLeavesTooFewBlocksToPass() {
        SyntheticResources s = new SyntheticResources(11);
        ResourceSeries c = s.candidate();
        double[] mem = c.memoryBytes().clone();
        Arrays.fill(mem, 14 * 60, mem.length, Double.NaN);
        ResourceSeries gap = new ResourceSeries(c.startEpochSeconds(), c.stepSeconds(), mem, c.cpuCores(),
                c.diskBytes(), c.memoryLimitBytes());
        Decision d = replay(gap, s.baseline());
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(evidence(d.verdict(), "memory-trend").figures().get("blocks")).isEqualTo(8.0);
    }

    @Test
    void samplesAfterTheLatestLookAreIgnored() {
        SyntheticResources s = new SyntheticResources(12);
        s.leakBytesPerHour = 38 * MIB;
        ResourceSeries c = s.candidate();
        ResourceSeries b = s.baseline();
        JudgeVerdict betweenLooks = judge.evaluate(c, b, at(6.2));
        JudgeVerdict atLook = judge.evaluate(visible(c, 6.0), b, at(6.0));
        assertThat(betweenLooks).isEqualTo(atLook);
    }

    @Test
    void noCandidateIsInconclusive() {
        assertThat(judge.evaluate(null, null, at(3)).status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
    }

    private static String fmt(double hours) {
        return hours == Math.rint(hours) ? String.valueOf((long) hours) : String.format(java.util.Locale.ROOT, "%.2f", hours);
    }
}
