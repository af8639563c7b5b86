package io.postflight.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationWordsTest {

    @Test
    void neverWritesZeroMinutesForAShortDuration() {
        assertThat(DurationWords.of(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(DurationWords.of(Duration.ofSeconds(90))).isEqualTo("1 min 30 s");
        assertThat(DurationWords.of(Duration.ofMinutes(30))).isEqualTo("30 min");
        assertThat(DurationWords.of(Duration.ofMillis(1500))).isEqualTo("1 s");
        assertThat(DurationWords.ofSeconds(-5)).isEqualTo("0 s");
    }
    @Test
    void aWholeMinuteHasNoSecondsAndTheSecondsBeforeItNoMinutes() {
        assertThat(DurationWords.ofSeconds(60)).isEqualTo("1 min");
        assertThat(DurationWords.ofSeconds(59)).isEqualTo("59 s");
        assertThat(DurationWords.ofSeconds(0)).isEqualTo("0 s");
        assertThat(DurationWords.ofSeconds(61)).isEqualTo("1 min 1 s");
        assertThat(DurationWords.ofSeconds(7200)).isEqualTo("120 min");
    }
}
