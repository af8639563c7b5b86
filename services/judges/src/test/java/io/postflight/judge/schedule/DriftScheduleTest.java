package io.postflight.judge.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.junit.jupiter.api.Test;

class DriftScheduleTest {
    private static final DriftSchedule SCHEDULE = new DriftSchedule(Duration.ofHours(24), Duration.ofMinutes(15),
            Duration.ofMinutes(250), Duration.ofMinutes(1));

    @Test
    void looksAreOnTheLookGridFromThePhaseStartTheFirstAfterTheMinimumObservation() {
        assertThat(SCHEDULE.firstLookSeconds()).isEqualTo(4 * 3600 + 900);
        assertThat(SCHEDULE.lookAtOrBefore(4 * 3600 + 899)).isEqualTo(-1);
        assertThat(SCHEDULE.lookAtOrBefore(4 * 3600 + 900)).isEqualTo(4 * 3600 + 900);
        assertThat(SCHEDULE.lookAtOrBefore(5 * 3600 + 100)).isEqualTo(5 * 3600);
        assertThat(SCHEDULE.lookAtOrBefore(30 * 3600)).isEqualTo(24 * 3600);
        assertThat(SCHEDULE.isLast(24 * 3600)).isTrue();
        assertThat(SCHEDULE.isLast(24 * 3600 - 900)).isFalse();
    }

    @Test
    void samplesBeforeALookAreTheSlotsThatStartBeforeIt() {
        assertThat(SCHEDULE.phaseSamples()).isEqualTo(1440);
        assertThat(SCHEDULE.samplesBefore(0)).isZero();
        assertThat(SCHEDULE.samplesBefore(61)).isEqualTo(2);
        assertThat(SCHEDULE.samplesBefore(100 * 3600)).isEqualTo(1440);
    }
    @Test
    void aMinimumObservationOnTheGridIsItselfTheFirstLookAndNeverLaterThanThePhaseEnd() {
        DriftSchedule onGrid = new DriftSchedule(Duration.ofHours(24), Duration.ofMinutes(15), Duration.ofHours(4),
                Duration.ofMinutes(1));
        assertThat(onGrid.firstLookSeconds()).isEqualTo(4 * 3600);
        assertThat(onGrid.lookAtOrBefore(4 * 3600 - 1)).isEqualTo(-1);
        assertThat(onGrid.lookAtOrBefore(4 * 3600)).isEqualTo(4 * 3600);
        DriftSchedule longWait = new DriftSchedule(Duration.ofHours(2), Duration.ofMinutes(15), Duration.ofHours(3),
                Duration.ofMinutes(1));
        assertThat(longWait.firstLookSeconds()).isEqualTo(2 * 3600);
        assertThat(longWait.lookAtOrBefore(2 * 3600)).isEqualTo(2 * 3600);
    }

    @Test
    void theLastLookIsThePhaseEndEvenOffTheGrid() {
        DriftSchedule odd = new DriftSchedule(Duration.ofMinutes(100), Duration.ofMinutes(15), Duration.ofMinutes(30),
                Duration.ofMinutes(1));
        assertThat(odd.lookAtOrBefore(99 * 60)).isEqualTo(90 * 60);
        assertThat(odd.lookAtOrBefore(100 * 60)).isEqualTo(100 * 60);
        assertThat(odd.isLast(100 * 60 - 1)).isFalse();
        assertThat(odd.isLast(100 * 60)).isTrue();
    }

    @Test
    void aSampleAtTheLookItselfIsNotBeforeIt() {
        assertThat(SCHEDULE.samplesBefore(60)).isEqualTo(1);
        assertThat(SCHEDULE.samplesBefore(1)).isEqualTo(1);
        assertThat(SCHEDULE.samplesBefore(-30)).isZero();
        assertThat(SCHEDULE.samplesBefore(24 * 3600)).isEqualTo(1440);
        DriftSchedule slow = new DriftSchedule(Duration.ofHours(1), Duration.ofMinutes(15), Duration.ofMinutes(15),
                Duration.ofSeconds(7));
        assertThat(slow.phaseSamples()).isEqualTo(514); // 3600 / 7, rounded down
        assertThat(slow.samplesBefore(900)).isEqualTo(129); // samples at 0, 7, ..., 896 s
    }

    @Test
    void nonsensicalSettingsAreRejectedNamingTheSetting() {
        Duration h = Duration.ofHours(1);
        assertThatThrownBy(() -> new DriftSchedule(Duration.ZERO, h, h, h)).hasMessageContaining("phase-length must be positive");
        assertThatThrownBy(() -> new DriftSchedule(h, h.negated(), h, h)).hasMessageContaining("look-interval must be positive");
        assertThatThrownBy(() -> new DriftSchedule(h, null, h, h)).hasMessageContaining("look-interval must be positive");
        assertThatThrownBy(() -> new DriftSchedule(h, h, null, h)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new DriftSchedule(h, h, h, Duration.ofMillis(1500)))
                .hasMessageContaining("sample-interval must be a whole number of seconds");
        assertThatThrownBy(() -> new DriftSchedule(h, h, h, Duration.ofMillis(999)))
                .hasMessageContaining("sample-interval must be a whole number of seconds");
        assertThatThrownBy(() -> new DriftSchedule(h, h, h, null)).hasMessageContaining("sample-interval");
        // no sample interval, or a negative one, is no whole number of seconds either
        assertThatThrownBy(() -> new DriftSchedule(h, h, h, Duration.ZERO)).hasMessageContaining("sample-interval");
        assertThatThrownBy(() -> new DriftSchedule(h, h, h, Duration.ofSeconds(-60))).hasMessageContaining("sample-interval");
        assertThat(new DriftSchedule(h, h, h, Duration.ofSeconds(1)).phaseSamples()).isEqualTo(3600);
    }
}
