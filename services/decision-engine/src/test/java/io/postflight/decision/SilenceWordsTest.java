package io.postflight.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The silence decision says how long the engine waited as configured, never "0 min" or a rounded-down minute. */
class SilenceWordsTest {

    @Test
    void shortTimeoutsAreSaidInSeconds() {
        assertThat(DecisionProcessor.words(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(DecisionProcessor.words(Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(DecisionProcessor.words(Duration.ofSeconds(150))).isEqualTo("150 s");
    }

    @Test
    void longTimeoutsAreSaidInMinutesAndHours() {
        assertThat(DecisionProcessor.words(Duration.ofMinutes(35))).isEqualTo("35 min");
        assertThat(DecisionProcessor.words(Duration.ofMinutes(150))).isEqualTo("2 h 30 min");
        assertThat(DecisionProcessor.words(Duration.ofHours(26))).isEqualTo("26 h");
    }
}
