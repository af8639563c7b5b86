package io.postflight.judge.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
}
