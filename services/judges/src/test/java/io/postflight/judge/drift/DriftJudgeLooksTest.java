package io.postflight.judge.drift;

import static io.postflight.judge.drift.SyntheticResources.MIB;
import static io.postflight.judge.drift.TrendAnalyzerTest.blocks;
import static io.postflight.judge.drift.TrendAnalyzerTest.dayBefore;
import static io.postflight.judge.drift.TrendAnalyzerTest.look;
import static io.postflight.judge.drift.TrendAnalyzerTest.series;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Evidence;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.metrics.ResourceSeries;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link DriftJudge}'s look schedule and end-of-phase rules on noise-free days (memory constant
 * within each 15-minute block, CPU and disk flat): when the limit rules and the trend tests first
 * look, which samples a look sees, and why the phase ends INCONCLUSIVE rather than PASSED.
 */
class DriftJudgeLooksTest {

    private static final long C0 = SyntheticResources.DEPLOYED_AT;
    private static final double LIMIT = 2048 * MIB;
    private static final IntToDoubleFunction CPU = i -> 0.5;
    private static final IntToDoubleFunction DISK = i -> 6000 * MIB;

    private final DriftJudge judge = new DriftJudge(DriftPolicy.defaults());

    private static ResourceSeries day(IntToDoubleFunction mem, IntToDoubleFunction cpu) {
        return series(C0, 1440, mem, cpu, DISK, LIMIT);
    }

    private static Evidence evidence(JudgeVerdict v, String check) {
        return v.evidence().stream().filter(e -> e.check().equals(check)).findFirst().orElseThrow();
    }

    @Test
    void theLimitRulesLookFromTheFirstHourAndTheTrendTestsFromTheFourth() {
        ResourceSeries c = day(i -> 800 * MIB, CPU);
        ResourceSeries b = dayBefore(i -> 800 * MIB, CPU, DISK);
        JudgeVerdict early = judge.evaluate(c, b, look(0.75));
        assertThat(early.status()).isEqualTo(JudgeStatus.WATCHING);
        assertThat(early.summary()).isEqualTo("observing: first look at 60 min after the deployment");
        JudgeVerdict limitOnly = judge.evaluate(c, b, look(3.99));
        assertThat(limitOnly.summary()).isEqualTo("memory limit watched; first trend look at 4 h after the deployment "
                + "(look at 3.75 h)");
        assertThat(limitOnly.evidence()).extracting(Evidence::check).containsExactly("memory-limit");
        JudgeVerdict first = judge.evaluate(c, b, look(4));
        assertThat(first.status()).isEqualTo(JudgeStatus.WATCHING);
        assertThat(first.summary()).isEqualTo("no relevant upward trend so far (look at 4 h)");
        assertThat(first.evidence()).extracting(Evidence::check)
                .containsExactly("memory-trend", "cpu-trend", "disk-trend", "memory-limit");
    }

    @Test
    void anExactlySteadyDayPassesAtItsEnd() {
        JudgeVerdict v = judge.evaluate(day(i -> 800 * MIB, CPU), dayBefore(i -> 800 * MIB, CPU, DISK), look(24));
        assertThat(v.status()).isEqualTo(JudgeStatus.PASSED);
        assertThat(v.summary()).isEqualTo("no significant, relevant upward trend in memory, CPU or disk over 24 h");
        // asked after the phase, the judge still looks at its end
        assertThat(judge.evaluate(day(i -> 800 * MIB, CPU), dayBefore(i -> 800 * MIB, CPU, DISK), look(30)))
                .isEqualTo(v);
    }

    @Test
    void memoryAtTheLimitFailsAtTheFirstLimitLookBeforeAnyTrendTest() {
        JudgeVerdict v = judge.evaluate(day(i -> 0.97 * LIMIT, CPU), null, look(1));
        assertThat(v.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(v.summary()).startsWith("memory at its limit: ").endsWith(" (look at 60 min)");
        assertThat(v.evidence()).extracting(Evidence::check).containsExactly("memory-limit");
    }

    @Test
    void aLookSeesTheSamplesBeforeItAndNotTheOneAtIt() {
        double[] mem = new double[1440];
        java.util.Arrays.fill(mem, 800 * MIB);
        mem[359] = 900 * MIB; // the last minute before the look at 6 h
        mem[360] = 1900 * MIB; // the minute of the look
        ResourceSeries c = series(C0, 1440, i -> mem[i], CPU, DISK, LIMIT);
        JudgeVerdict v = judge.evaluate(c, dayBefore(i -> 800 * MIB, CPU, DISK), look(6.1));
        assertThat(evidence(v, "memory-limit").figures()).containsEntry("peakBytes", 900 * MIB);
        assertThat(v.summary()).endsWith("(look at 6 h)");
        // memory reported only from the look on: at the look there is none yet, not too little
        ResourceSeries late = series(C0, 1440, i -> i < 360 ? Double.NaN : 800 * MIB, CPU, DISK, LIMIT);
        JudgeVerdict before = judge.evaluate(late, dayBefore(i -> 800 * MIB, CPU, DISK), look(6.1));
        assertThat(evidence(before, "memory-trend").labels()).containsEntry("outcome", "not_measured");
        assertThat(judge.policy()).isEqualTo(DriftPolicy.defaults());
    }

    @Test
    void aCpuWithoutSamplesDoesNotBlockAPassButMemoryWithoutSamplesDoes() {
        ResourceSeries noCpu = day(i -> 800 * MIB, i -> Double.NaN);
        JudgeVerdict v = judge.evaluate(noCpu, dayBefore(i -> 800 * MIB, CPU, DISK), look(24));
        assertThat(v.status()).isEqualTo(JudgeStatus.PASSED);
        assertThat(evidence(v, "cpu-trend").labels()).containsEntry("outcome", "not_measured");
    }

    /** Memory climbing 16 MiB/h all day toward the previous version's 1900 MiB; the latest GC peak {@code room} under the limit. */
    private JudgeVerdict climbingBelowThePreviousVersion(double room) {
        IntToDoubleFunction floor = j -> 1500 * MIB + 4 * MIB * j;
        double peak = LIMIT - room;
        ResourceSeries c = day(blocks(floor, peak - floor.applyAsDouble(95)), CPU);
        return judge.evaluate(c, dayBefore(i -> 1900 * MIB, CPU, DISK), look(24));
    }

    @Test
    void aSignificantTrendWhoseOwnProjectionReachesTheLimitWithinTheHorizonForbidsAPass() {
        // below the previous version, so no breach; but at 16 MiB/h the limit is exactly 4 h away
        JudgeVerdict v = climbingBelowThePreviousVersion(64 * MIB);
        assertThat(evidence(v, "memory-trend").figures().get("hoursToLimit")).isEqualTo(4.0);
        assertThat(evidence(v, "memory-trend").breached()).isFalse();
        assertThat(evidence(v, "memory-limit").labels()).containsEntry("outcome", "clear");
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        // the trend's own sentence is quoted, not the limit rules' "clear" one
        assertThat(v.summary()).startsWith("phase over, but memory may reach its limit within 4 h: memory floor ")
                .contains("limit 2 GiB in about 4 h").doesNotContain("memory below its limit");
        // a mebibyte further, it does not
        assertThat(climbingBelowThePreviousVersion(65 * MIB).status()).isEqualTo(JudgeStatus.PASSED);
    }

    @Test
    void aProjectionTheLimitRulesCannotEstablishForbidsAPass() {
        // 60 MiB/h over hours 0-12 above a previous version flat at 1000 MiB, then flat: the trend over
        // hours 12-24 is flat, but the whole watch still projects the limit, 5 MiB above the latest peak
        IntToDoubleFunction floor = j -> 1000 * MIB + 15 * MIB * Math.min(j, 48);
        double peak = LIMIT - 5 * MIB;
        ResourceSeries c = day(blocks(floor, peak - floor.applyAsDouble(95)), CPU);
        JudgeVerdict v = judge.evaluate(c, dayBefore(i -> 1000 * MIB, CPU, DISK), look(24));
        assertThat(evidence(v, "memory-trend").breached()).isFalse();
        assertThat(evidence(v, "memory-limit").labels()).containsEntry("outcome", "not_established");
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).startsWith("phase over, but memory may reach its limit within 4 h: memory may be heading");
    }
    @Test
    void aCpuSampledButNotTestableBlocksAPass() {
        // CPU samples only in the first 12 h: the window of the last look (hours 12-24) has none
        ResourceSeries c = day(i -> 800 * MIB, i -> i < 720 ? 0.5 : Double.NaN);
        JudgeVerdict v = judge.evaluate(c, dayBefore(i -> 800 * MIB, CPU, DISK), look(24));
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).isEqualTo("phase over but could not test CPU (insufficient)");
    }

    @Test
    void aTrendThatIsNotSignificantDoesNotForbidAPassWhateverItProjects() {
        // noisy floors 100 MiB under the previous version's, their GC peaks 1 MiB under the limit
        java.util.Random rnd = new java.util.Random(11);
        double[] floors = new double[96];
        for (int j = 0; j < floors.length; j++) {
            floors[j] = 1000 * MIB + 0.5 * MIB * j / 4 + 30 * MIB * rnd.nextGaussian();
        }
        ResourceSeries c = day(blocks(j -> floors[j], LIMIT - MIB - floors[95]), CPU);
        JudgeVerdict v = judge.evaluate(c, dayBefore(i -> 1100 * MIB, CPU, DISK), look(24));
        Evidence trend = evidence(v, "memory-trend");
        assertThat(trend.figures().get("hoursToLimit")).isLessThanOrEqualTo(4.0);
        assertThat(trend.figures().get("pValue")).isGreaterThan(trend.figures().get("alphaPerTest"));
        assertThat(v.status()).isEqualTo(JudgeStatus.PASSED);
    }
}
