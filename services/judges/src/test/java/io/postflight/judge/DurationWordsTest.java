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
}
