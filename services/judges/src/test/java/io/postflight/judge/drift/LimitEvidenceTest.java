package io.postflight.judge.drift;

import static io.postflight.judge.drift.SyntheticResources.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Evidence;
import io.postflight.judge.drift.LimitAssessment.Outcome;
import org.junit.jupiter.api.Test;

/**
 * The {@code memory-limit} evidence as an on-call engineer reads it: which rule, against which
 * share, sustain and horizon, and only finite figures (JSON has no infinity).
 */
class LimitEvidenceTest {

    private static final double LIMIT = 2048 * MIB;
    private static final TheilSen.Estimate SLOPE = new TheilSen.Estimate(60 * MIB, 0, 50 * MIB, 70 * MIB, 28);

    private static LimitAssessment assessment(Outcome o, double previous, TheilSen.Estimate slope, double sustainHours,
                                              double horizonHours, double slowest) {
        return new LimitAssessment(o, LIMIT, 0.95, sustainHours, 1990 * MIB, previous, 1900 * MIB, 4.0, 6.0, slope,
                2.2, slowest, horizonHours);
    }

    @Test
    void atTheLimitSaysTheShareTheSustainPeriodTheLowestSampleAndThePreviousFloor() {
        LimitAssessment a = assessment(Outcome.AT_LIMIT, 910 * MIB, null, 1.0, 4.0, Double.NaN);
        assertThat(LimitEvidence.summary(a)).isEqualTo("memory at its limit: the working set stayed at or above 95 % "
                + "of its 2 GiB limit for the whole last 1 h (lowest 1.9 GiB, 97 %; previous version's floor 910 MiB)");
        Evidence e = LimitEvidence.of(a);
        assertThat(e.check()).isEqualTo("memory-limit");
        assertThat(e.breached()).isTrue();
        assertThat(e.labels()).containsEntry("outcome", "at_limit").containsEntry("unit", "bytes");
    }

    @Test
    void aSustainOrHorizonOfPartHoursKeepsItsDecimal() {
        LimitAssessment a = assessment(Outcome.CLEAR, Double.NaN, null, 1.5, 2.5, Double.NaN);
        assertThat(LimitEvidence.summary(a)).isEqualTo("memory below its limit: over the last 1.5 h the working set "
                + "stayed under 95 % of its 2 GiB limit (lowest 1.9 GiB, 97 %); no established growth reaches the limit "
                + "within 2.5 h");
        assertThat(LimitEvidence.of(a).breached()).isFalse();
    }

    @Test
    void headingForTheLimitGivesTheSlopeItsIntervalTheWindowAndBothTimes() {
        LimitAssessment a = assessment(Outcome.HEADING_FOR_LIMIT, 910 * MIB, SLOPE, 1.0, 4.0, 3.2);
        assertThat(LimitEvidence.summary(a)).isEqualTo("memory heading for its limit: floor +60 MiB/h (95 % CI +50 MiB/h "
                + "to +70 MiB/h) over hours 4.0-6.0, latest peak 1.9 GiB of 2 GiB, limit in about 2 h; even at the slowest "
                + "plausible rate the limit is reached in about 3 h (acts within 4 h)");
        assertThat(LimitEvidence.of(a).breached()).isTrue();
    }

    @Test
    void notEstablishedSaysWhyThereIsNoRollbackYet() {
        LimitAssessment a = assessment(Outcome.NOT_ESTABLISHED, 910 * MIB, SLOPE, 1.0, 4.0, Double.POSITIVE_INFINITY);
        assertThat(LimitEvidence.summary(a)).startsWith("memory may be heading for its limit: floor +60 MiB/h")
                .endsWith(" at the estimated rate, but the interval still allows growth too slow to act on (acts when "
                        + "even the slowest plausible rate reaches it within 4 h)");
        assertThat(LimitEvidence.of(a).breached()).isFalse();
        LimitAssessment noWindow = assessment(Outcome.NOT_ESTABLISHED, 910 * MIB, null, 1.0, 4.0, Double.NaN);
        assertThat(LimitEvidence.summary(noWindow)).startsWith("memory may be heading for its limit: no window long "
                + "enough to project at the estimated rate");
    }

    @Test
    void asPreviousNamesThePreviousVersionsFloor() {
        LimitAssessment a = assessment(Outcome.AS_PREVIOUS, 1980 * MIB, null, 1.0, 4.0, Double.NaN);
        assertThat(LimitEvidence.summary(a)).isEqualTo("memory near its limit, as the previous version's was (lowest "
                + "1.9 GiB, 97 %; previous version's floor 1.9 GiB): a rollback would not lower it");
    }

    @Test
    void notMeasuredTellsAnUnknownLimitFromMissingSamples() {
        MemoryLimitPolicy p = MemoryLimitPolicy.defaults();
        assertThat(LimitEvidence.summary(LimitAssessment.notMeasured(Double.NaN, p)))
                .isEqualTo("memory limit: not known, only the trend is judged");
        assertThat(LimitEvidence.summary(LimitAssessment.notMeasured(LIMIT, p)))
                .isEqualTo("memory limit: too few recent samples to compare with it");
    }

    @Test
    void figuresCarryEveryFiniteNumberAndLeaveOutInfiniteProjections() {
        LimitAssessment a = assessment(Outcome.NOT_ESTABLISHED, 910 * MIB, SLOPE, 1.0, 4.0, Double.POSITIVE_INFINITY);
        assertThat(LimitEvidence.figures(a)).containsExactly(
                java.util.Map.entry("limitBytes", LIMIT), java.util.Map.entry("share", 0.95),
                java.util.Map.entry("sustainHours", 1.0), java.util.Map.entry("sustainedFloorBytes", 1990 * MIB),
                java.util.Map.entry("previousFloorBytes", 910 * MIB), java.util.Map.entry("peakBytes", 1900 * MIB),
                java.util.Map.entry("windowStartHours", 4.0), java.util.Map.entry("windowEndHours", 6.0),
                java.util.Map.entry("slopePerHour", 60 * MIB), java.util.Map.entry("slopeLowerPerHour", 50 * MIB),
                java.util.Map.entry("slopeUpperPerHour", 70 * MIB), java.util.Map.entry("hoursToLimit", 2.2),
                java.util.Map.entry("horizonHours", 4.0));
        LimitAssessment none = assessment(Outcome.CLEAR, Double.NaN, null, 1.0, 4.0, Double.NaN);
        assertThat(LimitEvidence.figures(none)).doesNotContainKeys("previousFloorBytes", "slopePerHour",
                "hoursToLimitSlowest").containsEntry("hoursToLimit", 2.2);
        assertThat(LimitEvidence.figures(assessment(Outcome.HEADING_FOR_LIMIT, 910 * MIB, SLOPE, 1.0, 4.0, 3.2)))
                .containsEntry("hoursToLimitSlowest", 3.2);
    }
}
