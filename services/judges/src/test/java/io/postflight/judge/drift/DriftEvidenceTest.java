package io.postflight.judge.drift;

import static io.postflight.judge.drift.SyntheticResources.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Evidence;
import io.postflight.judge.drift.TrendAssessment.Outcome;
import io.postflight.judge.drift.TrendAssessment.ReferenceMode;
import org.junit.jupiter.api.Test;

/**
 * The drift evidence sentence, figures and labels for each outcome and reference, from assessments
 * built by hand: the words an on-call engineer reads (no test statistic, no p-value) and the
 * figures an auditor reads (the statistic and p-value among them).
 */
class DriftEvidenceTest {

    private static final double NAN = Double.NaN;

    private static MannKendall.Result mk(double p, double covariateCorrelation) {
        return new MannKendall.Result(24, 180, 1600, 1.2, 1920, 4.1, p, covariateCorrelation);
    }

    private static TrendAssessment memory(Outcome outcome, ReferenceMode reference, double p, double limit) {
        return new TrendAssessment(DriftResource.MEMORY, outcome, reference, 3, 6, 24, mk(p, 0.3),
                new TheilSen.Estimate(38 * MIB, 0, 31 * MIB, 45 * MIB, 276), 0.5 * MIB, 900 * MIB, 5 * MIB,
                100 * MIB, limit, 1200 * MIB, limit > 0 ? (limit - 1200 * MIB) / (38 * MIB) : NAN, 4e-5);
    }

    @Test
    void aLeakAgainstTheSameHoursSaysTheRiseTheReferenceAndWhatARollbackNeeds() {
        Evidence e = DriftEvidence.of(memory(Outcome.BREACHED, ReferenceMode.SEASONAL, 1e-6, 2048 * MIB));
        assertThat(e.check()).isEqualTo("memory-trend");
        assertThat(e.breached()).isTrue();
        assertThat(e.summary()).isEqualTo("memory leak: memory floor +38 MiB/h (95 % CI +31 MiB/h to +45 MiB/h) over"
                + " hours 3.0-6.0 relative to the previous version at the same time of day (previous version alone"
                + " +512 KiB/h); a sustained rise beyond chance (24 blocks of samples tested, the previous version's own"
                + " movement taken out); a rollback needs at least +5 MiB/h or the limit near; limit 2 GiB in about 22 h");
        assertThat(e.figures()).containsEntry("mannKendallZ", 4.1).containsEntry("pValue", 1e-6)
                .containsEntry("alphaPerTest", 4e-5).containsEntry("covariateCorrelation", 0.3)
                .containsEntry("slopePerHour", 38 * MIB).containsEntry("limitBytes", 2048 * MIB)
                .containsEntry("excessNow", 100 * MIB).containsEntry("referenceLevel", 900 * MIB)
                .containsEntry("minSlopePerHour", 5 * MIB).containsEntry("peakBytes", 1200 * MIB)
                .containsEntry("baselineSlopePerHour", 0.5 * MIB).containsKey("hoursToLimit");
        assertThat(e.labels()).containsEntry("outcome", "breached").containsEntry("reference", "seasonal")
                .containsEntry("test", "partial-mann-kendall").containsEntry("unit", "bytes")
                .containsEntry("aggregate", "block-min");
    }

    @Test
    void withoutTheSameHoursOnlyARiseReachingTheLimitSoonIsActedOn() {
        Evidence e = DriftEvidence.of(memory(Outcome.UNREFERENCED, ReferenceMode.LEVEL, 0.2, 2048 * MIB));
        assertThat(e.summary()).startsWith("memory floor not judged (no previous-version data at the same time of day,"
                + " a daily cycle cannot be ruled out): memory floor +38 MiB/h")
                .contains(" relative to the previous version's level")
                .contains("; no sustained rise shown beyond chance (24 blocks")
                .contains("; without the previous version's same hours only a rise reaching the limit soon is rolled back")
                .endsWith("; limit 2 GiB (no established growth toward it)")
                .doesNotContain("a rollback needs");
        assertThat(e.labels()).containsEntry("reference", "level").containsEntry("outcome", "unreferenced");
    }

    @Test
    void aSteadyResourceWithoutALimitSaysNothingOfOne() {
        TrendAssessment a = new TrendAssessment(DriftResource.CPU, Outcome.CLEAR, ReferenceMode.SEASONAL, 3, 6, 24,
                mk(0.4, NAN), new TheilSen.Estimate(0.001, 0, -0.002, 0.004, 276), 0.0, 0.8, 0.008, 0.0, NAN, NAN,
                NAN, 4e-5);
        Evidence e = DriftEvidence.of(a);
        assertThat(e.breached()).isFalse();
        assertThat(e.summary()).startsWith("CPU steady: CPU +0.0010 cores/h")
                .contains("; no sustained rise shown beyond chance (24 blocks of samples tested)")
                .endsWith("; a rollback needs at least +0.0080 cores/h")
                .doesNotContain("limit");
        assertThat(e.figures()).doesNotContainKeys("covariateCorrelation", "limitBytes", "peakBytes", "hoursToLimit");
        assertThat(e.labels()).containsEntry("test", "mann-kendall").containsEntry("unit", "cores");
    }

    @Test
    void aSignificantRiseBelowRelevanceIsSaidSo() {
        TrendAssessment a = new TrendAssessment(DriftResource.CPU, Outcome.CLEAR, ReferenceMode.NONE, 3, 6, 24,
                mk(1e-6, NAN), new TheilSen.Estimate(0.001, 0, 0.0005, 0.002, 276), NAN, 0.8, 0.008, NAN, NAN, NAN,
                NAN, 4e-5);
        assertThat(DriftEvidence.of(a).summary()).startsWith("CPU rising, below relevance: CPU +0.0010 cores/h")
                .contains(", no previous version to compare with; a sustained rise beyond chance");
        assertThat(DriftEvidence.of(a).labels()).containsEntry("reference", "none");
    }

    @Test
    void untestedResourcesSayWhy() {
        assertThat(DriftEvidence.of(TrendAssessment.untested(DriftResource.DISK, Outcome.NOT_MEASURED,
                ReferenceMode.NONE, 0, 6, 0, 4e-5)).summary()).isEqualTo("disk growth: no samples");
        Evidence few = DriftEvidence.of(TrendAssessment.untested(DriftResource.MEMORY, Outcome.INSUFFICIENT,
                ReferenceMode.SEASONAL, 0.5, 2.0, 3, 4e-5));
        assertThat(few.summary()).isEqualTo("memory floor: only 3 usable blocks in hours 0.5-2.0, too few to test");
        assertThat(few.figures()).containsEntry("blocks", 3.0).doesNotContainKeys("mannKendallZ", "slopePerHour");
        assertThat(few.labels()).doesNotContainKey("test");
    }
}
