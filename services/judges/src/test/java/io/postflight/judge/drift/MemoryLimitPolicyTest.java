package io.postflight.judge.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryLimitPolicyTest {

    @Test
    void defaultsWatchNinetyFivePercentForAnHourAndFourHoursAhead() {
        MemoryLimitPolicy p = MemoryLimitPolicy.defaults();
        assertThat(p.share()).isEqualTo(0.95);
        assertThat(p.sustain()).isEqualTo(Duration.ofHours(1));
        assertThat(p.horizonHours()).isEqualTo(4.0);
        assertThat(p.windows()).containsExactly(Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(6));
        assertThat(DriftPolicy.defaults().memoryLimit()).isEqualTo(p);
    }

    @Test
    void theLimitRulesLookFromTheSustainPeriodButNeverAfterTheTrendTest() {
        assertThat(DriftPolicy.defaults().firstLimitLookIndex()).isEqualTo(4); // 1 h of 15-minute looks
        MemoryLimitPolicy slow = new MemoryLimitPolicy(0.95, Duration.ofHours(6), Duration.ofHours(4), List.of());
        assertThat(DriftPolicy.defaults().withMemoryLimit(slow).firstLimitLookIndex()).isEqualTo(16);
        MemoryLimitPolicy odd = new MemoryLimitPolicy(0.95, Duration.ofMinutes(50), Duration.ofHours(4), List.of());
        assertThat(DriftPolicy.defaults().withMemoryLimit(odd).firstLimitLookIndex()).isEqualTo(4);
    }

    @Test
    void itsWindowsAreCopiedSoTheCallerCannotChangeThemLater() {
        List<Duration> w = new ArrayList<>(List.of(Duration.ofHours(2)));
        MemoryLimitPolicy p = new MemoryLimitPolicy(0.9, Duration.ofHours(1), Duration.ofHours(4), w);
        w.add(Duration.ofHours(9));
        assertThat(p.windows()).containsExactly(Duration.ofHours(2));
    }

    @Test
    void rejectsNonsense() {
        Duration h = Duration.ofHours(1);
        assertThatThrownBy(() -> new MemoryLimitPolicy(0, h, h, List.of())).hasMessageContaining("share");
        assertThatThrownBy(() -> new MemoryLimitPolicy(1.01, h, h, List.of())).hasMessageContaining("share");
        assertThat(new MemoryLimitPolicy(1.0, h, h, List.of()).share()).isEqualTo(1.0);
        assertThatThrownBy(() -> new MemoryLimitPolicy(0.9, Duration.ZERO, h, List.of()))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> new MemoryLimitPolicy(0.9, h, h.negated(), List.of()))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> new MemoryLimitPolicy(0.9, h, h, List.of(Duration.ZERO)))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> new MemoryLimitPolicy(0.9, null, h, List.of())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> DriftPolicy.defaults().withMemoryLimit(null)).isInstanceOf(NullPointerException.class);
    }
}
