package io.postflight.judge.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The digits a share is written with change at exactly 10 % and 1 %; the interval's edges are exact. */
class EvidenceWordsTest {

    @Test
    void digitsChangeAtExactlyTenAndOnePercent() {
        assertThat(EvidenceWords.percent(0.1)).isEqualTo("10.0 %");
        assertThat(EvidenceWords.percent(0.0999)).isEqualTo("9.99 %");
        assertThat(EvidenceWords.percent(0.01)).isEqualTo("1.00 %");
        assertThat(EvidenceWords.percent(0.00043)).isEqualTo("0.043 %");
        assertThat(EvidenceWords.percent(0)).isEqualTo("0 %");
    }

    @Test
    void noneSeenHasALowerBoundOfExactlyZero() {
        // For 3 trials the score interval's lower end computes to 5.6e-17, not 0: the edge is set, not computed.
        assertThat(EvidenceWords.wilson(0, 3)[0]).isEqualTo(0.0);
        assertThat(EvidenceWords.wilson(3, 3)[1]).isEqualTo(1.0);
        assertThat(EvidenceWords.share(0, 3)).isEqualTo("0 % [0 %–56.1 %] of 3 requests");
        assertThat(EvidenceWords.thousands(17380)).isEqualTo("17 380");
    }
}
