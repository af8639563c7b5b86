package io.postflight.judge.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
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
}
