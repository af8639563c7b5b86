package io.postflight.judge.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftPolicyTest {

    @Test
    void defaultsSplitTheBudgetOverEveryScheduledLookAndResource() {
        DriftPolicy p = DriftPolicy.defaults();
        // looks at 4:00, 4:15, ... 24:00
        assertThat(p.scheduledLooks()).isEqualTo(81);
        assertThat(p.alphaPerTest()).isCloseTo(0.01 / (81 * 3), within(1e-15));
        assertThat(p.firstLookIndex()).isEqualTo(16);
    }

    @Test
    void aLongerPhaseHasMoreLooksAndALowerLevelPerLook() {
        DriftPolicy p = DriftPolicy.defaults().withPhaseLength(Duration.ofHours(48));
        assertThat(p.scheduledLooks()).isEqualTo(177);
        assertThat(p.alphaPerTest()).isLessThan(DriftPolicy.defaults().alphaPerTest());
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> DriftPolicy.defaults().withPhaseLength(Duration.ofHours(3)))
                .hasMessageContaining("minObservation exceeds phaseLength");
        assertThatThrownBy(() -> DriftPolicy.defaults().withPhaseLength(Duration.ZERO))
                .hasMessageContaining("positive");
    }
    /** The defaults with the record component {@code name} set to {@code value}. */
    private static DriftPolicy with(String name, Object value) throws ReflectiveOperationException {
        RecordComponent[] rc = DriftPolicy.class.getRecordComponents();
        Object[] args = new Object[rc.length];
        Class<?>[] types = new Class<?>[rc.length];
        boolean found = false;
        for (int i = 0; i < rc.length; i++) {
            types[i] = rc[i].getType();
            args[i] = rc[i].getName().equals(name) ? value : rc[i].getAccessor().invoke(DriftPolicy.defaults());
            found |= rc[i].getName().equals(name);
        }
        assertThat(found).as(name).isTrue();
        try {
            return DriftPolicy.class.getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    @Test
    void everyDurationMustBePresentAndPositive() {
        for (String d : List.of("phaseLength", "minObservation", "blockLength", "lookInterval", "seasonPeriod",
                "memoryLimitHorizon")) {
            assertThatThrownBy(() -> with(d, Duration.ZERO)).as(d).hasMessageContaining("durations must be positive");
            assertThatThrownBy(() -> with(d, Duration.ofSeconds(-1))).as(d).hasMessageContaining("positive");
            assertThatThrownBy(() -> with(d, null)).as(d).isInstanceOf(NullPointerException.class);
        }
        assertThatThrownBy(() -> with("memoryLimit", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theMinimumObservationMayBeTheWholePhase() throws Exception {
        DriftPolicy p = with("minObservation", Duration.ofHours(24));
        assertThat(p.scheduledLooks()).isEqualTo(1);
        assertThatThrownBy(() -> with("minObservation", Duration.ofHours(24).plusSeconds(1)))
                .hasMessageContaining("minObservation exceeds phaseLength");
    }

    @Test
    void fractionsAndCountsAreCheckedAtTheirBounds() throws Exception {
        assertThat(with("recentFraction", 1.0).recentFraction()).isEqualTo(1.0);
        assertThatThrownBy(() -> with("recentFraction", 0.0)).hasMessageContaining("recentFraction");
        assertThatThrownBy(() -> with("recentFraction", 1.0001)).hasMessageContaining("recentFraction");
        assertThatThrownBy(() -> with("recentFraction", Double.NaN)).hasMessageContaining("recentFraction");
        assertThatThrownBy(() -> with("alpha", 0.0)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> with("alpha", 1.0)).hasMessageContaining("alpha");
        assertThat(with("alpha", 0.999).alpha()).isEqualTo(0.999);
        assertThat(with("minBlocks", 3).minBlocks()).isEqualTo(3);
        assertThatThrownBy(() -> with("minBlocks", 2)).hasMessageContaining("minBlocks");
        assertThat(with("minCoverage", 1.0).minCoverage()).isEqualTo(1.0);
        assertThatThrownBy(() -> with("minCoverage", 0.0)).hasMessageContaining("minCoverage");
        assertThatThrownBy(() -> with("minCoverage", 1.01)).hasMessageContaining("minCoverage");
    }

    @Test
    void noMinimumSlopeMayBeNegativeButEachMayBeZero() throws Exception {
        for (String s : List.of("minMemorySlopeFractionPerHour", "minMemorySlopeBytesPerHour",
                "minCpuSlopeFractionPerHour", "minCpuSlopeCoresPerHour", "minDiskSlopeBytesPerHour",
                "minDiskSlopeFractionOfBaselineGrowth")) {
            assertThatThrownBy(() -> with(s, -1e-12)).as(s).hasMessageContaining("minimum slopes must not be negative");
            assertThat(with(s, 0.0)).as(s).isNotNull();
        }
    }

    @Test
    void looksStartAtTheFirstWholeIntervalAfterTheMinimumObservation() throws Exception {
        DriftPolicy p = with("minObservation", Duration.ofMinutes(250)); // 16.7 intervals: the 17th look, 4:15
        assertThat(p.firstLookIndex()).isEqualTo(17);
        assertThat(p.scheduledLooks()).isEqualTo(96 - 17 + 1);
        assertThat(p.alphaPerTest()).isEqualTo(0.01 / (80 * 3.0));
        // a phase ending between two looks keeps one look, never none
        DriftPolicy odd = with("minObservation", Duration.ofMinutes(245)).withPhaseLength(Duration.ofMinutes(250));
        assertThat(odd.firstLookIndex()).isEqualTo(17);
        assertThat(odd.scheduledLooks()).isEqualTo(1);
        assertThat(odd.alphaPerTest()).isEqualTo(0.01 / 3);
    }

    @Test
    void theWithersChangeOnlyWhatTheyName() {
        DriftPolicy d = DriftPolicy.defaults();
        assertThat(d.withPhaseLength(Duration.ofHours(24))).isEqualTo(d);
        assertThat(d.withMemoryLimit(MemoryLimitPolicy.defaults())).isEqualTo(d);
        assertThat(d.withPhaseLength(Duration.ofHours(30)).phaseLength()).isEqualTo(Duration.ofHours(30));
        assertThat(DriftPolicy.RESOURCES_TESTED).isEqualTo(3);
    }
}
