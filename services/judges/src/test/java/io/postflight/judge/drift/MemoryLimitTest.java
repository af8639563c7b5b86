package io.postflight.judge.drift;

import static io.postflight.judge.drift.SyntheticResources.MIB;
import static io.postflight.judge.drift.SyntheticResources.at;
import static io.postflight.judge.drift.SyntheticResources.visible;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Evidence;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.metrics.ResourceSeries;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Memory at or heading for its limit (issue 9, finding 6): caught at the next look, sustained, not one sample. */
class MemoryLimitTest {

    private static final double LIMIT = 2048 * MIB;
    /** "limit 2 GiB in under 1 h", "limit in about 3 h": a time to the limit within a day. */
    private static final Pattern LIMIT_SOON = Pattern.compile("limit[^;]* in (under 1 h|about ([1-9]|1[0-9]|2[0-4]) h)");

    private final DriftJudge judge = new DriftJudge(DriftPolicy.defaults());

    private record Decision(double hours, JudgeVerdict verdict) {
    }

    private Decision replay(DriftJudge j, ResourceSeries candidate, ResourceSeries baseline) {
        for (int quarter = 1; quarter <= 96; quarter++) {
            double h = quarter / 4.0;
            JudgeVerdict v = j.evaluate(visible(candidate, h), baseline, at(h));
            if (v.status().isFinal()) {
                return new Decision(h, v);
            }
        }
        throw new AssertionError("no final verdict after 24 h");
    }

    private static Evidence limitEvidence(JudgeVerdict v) {
        return v.evidence().stream().filter(e -> e.check().equals("memory-limit")).findFirst().orElseThrow();
    }

    private static SyntheticResources service(long seed) {
        SyntheticResources s = new SyntheticResources(seed);
        s.clipAtLimit = true;
        return s;
    }

    @Test
    void aLeakThatReachesTheLimitAfterThreeHoursAndStaysThereIsRolledBack() {
        SyntheticResources s = service(11);
        s.leakBytesPerHour = 400 * MIB; // 890 MiB peak to the 2 GiB limit in about 2.9 h, then flat at it
        Decision d = replay(judge, s.candidate(), s.baseline());
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(d.hours()).isLessThanOrEqualTo(4.0);
        Evidence limit = limitEvidence(d.verdict());
        assertThat(limit.breached()).isTrue();
        assertThat(limit.summary()).containsAnyOf("memory heading for its limit", "memory at its limit");
        assertThat(d.verdict().summary()).contains("limit");
    }

    @Test
    void aFastLeakStartingAtSixteenHoursIsRolledBackBeforeItHitsTheLimit() {
        SyntheticResources s = service(12);
        s.memoryBase = 1000 * MIB;
        s.leakStartHours = 16;
        s.leakBytesPerHour = 162 * MIB; // peak 1090 MiB: the 2 GiB limit about 5.9 h after the onset
        Decision d = replay(judge, s.candidate(), s.baseline());
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(d.hours()).isBetween(16.25, 21.5);
        Evidence limit = limitEvidence(d.verdict());
        assertThat(limit.breached()).isTrue();
        assertThat(limit.summary()).startsWith("memory heading for its limit: floor +1");
        double slowest = limit.figures().get("hoursToLimitSlowest");
        assertThat(slowest).isLessThanOrEqualTo(4.0);
        assertThat(limit.figures().get("slopeLowerPerHour")).isPositive();
        assertThat(limit.figures().get("windowStartHours")).isGreaterThanOrEqualTo(12.0);
    }

    @Test
    void aVersionWhoseWorkingSetSitsAtTheLimitFailsOnceItHasStayedThereForAnHour() {
        SyntheticResources s = service(13);
        s.memoryBase = 1200 * MIB;
        s.candidateMemoryOffset = 800 * MIB; // floor about 1990 MiB, 97 % of the limit; the previous version's 59 %
        s.gcAmplitude = 30 * MIB;
        ResourceSeries c = s.candidate();
        JudgeVerdict beforeAnHour = judge.evaluate(visible(c, 0.75), s.baseline(), at(0.75));
        assertThat(beforeAnHour.status()).isEqualTo(JudgeStatus.WATCHING);
        Decision d = replay(judge, c, s.baseline());
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(d.hours()).isEqualTo(1.0);
        assertThat(limitEvidence(d.verdict()).summary()).startsWith(
                "memory at its limit: the working set stayed at or above 95 % of its 2 GiB limit for the whole last 1 h");
        assertThat(limitEvidence(d.verdict()).figures().get("sustainedFloorBytes")).isGreaterThanOrEqualTo(0.95 * LIMIT);
    }

    @Test
    void halfAnHourAtTheLimitIsNotSustained() {
        SyntheticResources s = service(14);
        ResourceSeries c = s.candidate();
        double[] mem = c.memoryBytes().clone();
        for (int i = 600; i < 630; i++) {
            mem[i] = LIMIT; // hours 10.0-10.5 at the limit, then back
        }
        ResourceSeries spiked = new ResourceSeries(c.startEpochSeconds(), c.stepSeconds(), mem, c.cpuCores(),
                c.diskBytes(), c.memoryLimitBytes());
        Decision d = replay(judge, spiked, s.baseline());
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.PASSED);
    }

    @Test
    void aCacheHeavyServiceFlatAtNinetyPercentOfItsLimitPassesUnderTheDefaultShare() {
        SyntheticResources s = service(15);
        s.memoryBase = 0.9 * LIMIT - 40 * MIB;
        s.gcAmplitude = 40 * MIB;
        Decision d = replay(judge, s.candidate(), s.baseline());
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.PASSED);
        assertThat(limitEvidence(d.verdict()).labels()).containsEntry("outcome", "clear");
        assertThat(d.verdict().evidence()).noneMatch(e -> LIMIT_SOON.matcher(e.summary()).find());
    }

    @Test
    void theShareIsConfigurableAndANewVersionAtNinetyPercentFailsUnderALowerOne() {
        SyntheticResources s = service(16);
        s.memoryBase = 1100 * MIB;
        s.candidateMemoryOffset = 0.9 * LIMIT - 1100 * MIB; // the previous version at 54 %, the new one at 90 %
        s.gcAmplitude = 30 * MIB;
        MemoryLimitPolicy strict = new MemoryLimitPolicy(0.85, Duration.ofHours(1), Duration.ofHours(4),
                MemoryLimitPolicy.DEFAULT_WINDOWS);
        Decision underDefault = replay(judge, s.candidate(), s.baseline());
        assertThat(underDefault.verdict().status()).isEqualTo(JudgeStatus.PASSED);
        Decision underStrict = replay(new DriftJudge(DriftPolicy.defaults().withMemoryLimit(strict)), s.candidate(),
                s.baseline());
        assertThat(underStrict.verdict().status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(underStrict.verdict().summary()).startsWith("memory at its limit").contains("85 %");
    }

    @Test
    void aVersionAtTheLimitLikeThePreviousOneIsNotRolledBackForIt() {
        SyntheticResources s = service(17);
        s.memoryBase = 0.97 * LIMIT - 20 * MIB;
        s.gcAmplitude = 20 * MIB;
        Decision d = replay(judge, s.candidate(), s.baseline());
        assertThat(d.verdict().status()).isNotEqualTo(JudgeStatus.FAILED);
        assertThat(limitEvidence(d.verdict()).labels()).containsEntry("outcome", "as_previous");
        assertThat(limitEvidence(d.verdict()).summary()).contains("as the previous version's was");
    }

    @Test
    void withoutThePreviousVersionMemoryAtTheLimitStillFails() {
        SyntheticResources s = service(18);
        s.memoryBase = 0.97 * LIMIT - 20 * MIB;
        s.gcAmplitude = 20 * MIB;
        Decision d = replay(judge, s.candidate(), null);
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(d.verdict().summary()).startsWith("memory at its limit");
    }

    @Test
    void aGcSawToothWhosePeaksApproachButNeverReachTheLimitPassesWithoutTimingTheLimit() {
        SyntheticResources s = service(19);
        s.memoryBase = 1450 * MIB;
        s.gcAmplitude = 560 * MIB; // peaks up to about 2020 MiB of 2048
        Decision d = replay(judge, s.candidate(), s.baseline());
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.PASSED);
        assertThat(d.verdict().evidence()).noneMatch(e -> LIMIT_SOON.matcher(e.summary()).find());
    }

    @Test
    void aWarmUpToThePreviousVersionsLevelNearTheLimitPasses() {
        SyntheticResources s = service(20);
        s.memoryBase = 1650 * MIB;
        s.warmupDeficit = 700 * MIB;
        s.warmupMinutes = 150;
        Decision d = replay(judge, s.candidate(), s.baseline());
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.PASSED);
    }

    @Test
    void noPassEverSpeaksOfTheLimitWithinTheHorizon() {
        // whatever the scenario, a PASSED verdict must not carry evidence timing the limit within hours
        for (long seed = 30; seed < 36; seed++) {
            SyntheticResources s = service(seed);
            s.memoryBase = 1500 * MIB + seed * 10 * MIB;
            s.gcAmplitude = 400 * MIB;
            s.leakStartHours = 22;
            s.leakBytesPerHour = 30 * MIB;
            Decision d = replay(judge, s.candidate(), s.baseline());
            if (d.verdict().status() == JudgeStatus.PASSED) {
                List<String> said = d.verdict().evidence().stream().map(Evidence::summary).toList();
                assertThat(said).noneMatch(x -> LIMIT_SOON.matcher(x).find() && !x.contains("not within"));
            }
        }
    }

    @Test
    void withoutAKnownLimitOnlyTheTrendIsJudged() {
        SyntheticResources s = service(21);
        s.memoryLimit = null;
        JudgeVerdict v = judge.evaluate(visible(s.candidate(), 6), s.baseline(), at(6));
        Evidence limit = limitEvidence(v);
        assertThat(limit.breached()).isFalse();
        assertThat(limit.labels()).containsEntry("outcome", "not_measured");
        assertThat(limit.summary()).isEqualTo("memory limit: not known, only the trend is judged");
        assertThat(limit.figures()).doesNotContainKey("limitBytes");
    }

    @Test
    void anOutageOverTheLastHourLeavesTheLimitUnjudgedNotPassed() {
        SyntheticResources s = service(22);
        ResourceSeries c = s.candidate();
        double[] mem = c.memoryBytes().clone();
        java.util.Arrays.fill(mem, 300, 360, Double.NaN); // hours 5-6 missing
        ResourceSeries gap = new ResourceSeries(c.startEpochSeconds(), c.stepSeconds(), mem, c.cpuCores(),
                c.diskBytes(), c.memoryLimitBytes());
        Evidence limit = limitEvidence(judge.evaluate(visible(gap, 6), s.baseline(), at(6)));
        assertThat(limit.labels()).containsEntry("outcome", "not_measured");
        assertThat(limit.summary()).isEqualTo("memory limit: too few recent samples to compare with it");
        assertThat(limit.figures()).containsEntry("limitBytes", LIMIT).containsEntry("share", 0.95);
    }

    @Test
    void aClearLookSaysHowHighTheFloorStayedAndThatNoGrowthReachesTheLimit() {
        SyntheticResources s = service(23);
        JudgeVerdict v = judge.evaluate(visible(s.candidate(), 6), s.baseline(), at(6));
        Evidence limit = limitEvidence(v);
        assertThat(limit.labels()).containsEntry("outcome", "clear").containsEntry("unit", "bytes");
        assertThat(limit.summary()).startsWith("memory below its limit: over the last 1 h the working set stayed "
                + "under 95 % of its 2 GiB limit (lowest ").contains("previous version's floor ")
                .endsWith("no established growth reaches the limit within 4 h");
        assertThat(limit.figures().get("sustainedFloorBytes")).isBetween(700 * MIB, 900 * MIB);
        assertThat(limit.figures().get("previousFloorBytes")).isBetween(700 * MIB, 900 * MIB);
        assertThat(limit.figures().get("peakBytes")).isGreaterThan(limit.figures().get("sustainedFloorBytes"));
        assertThat(limit.figures()).containsEntry("sustainHours", 1.0).containsEntry("horizonHours", 4.0)
                .doesNotContainKey("hoursToLimitSlowest");
    }

    @Test
    void withoutThePreviousVersionASteepWarmUpIsNotTakenForALeak() {
        SyntheticResources s = service(24);
        s.memoryBase = 1650 * MIB;
        s.warmupDeficit = 800 * MIB; // 280 MiB/h for the first 2.5 h, 400 MiB below the limit at its end
        s.warmupMinutes = 150;
        Decision d = replay(judge, s.candidate(), null);
        assertThat(d.verdict().status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(limitEvidence(d.verdict()).breached()).isFalse();
    }
}
