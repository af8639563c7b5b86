package io.postflight.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryWindowTest {
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    @Test
    void aDeliveryIdIsRefusedWithinTheWindowAndForgottenAfterIt() {
        DeliveryWindow window = new DeliveryWindow(Duration.ofMinutes(10), 100);
        assertThat(window.claim("a", 0)).isTrue();
        assertThat(window.claim("a", 9 * MINUTE)).isFalse();
        assertThat(window.claim("b", 9 * MINUTE)).isTrue();
        assertThat(window.claim("a", 10 * MINUTE)).isTrue();
        assertThat(window.claim("b", 10 * MINUTE)).isFalse();
    }

    @Test
    void aReleasedClaimMayBeMadeAgain() {
        DeliveryWindow window = new DeliveryWindow(Duration.ofMinutes(10), 100);
        assertThat(window.claim("a", 0)).isTrue();
        window.release("a");
        assertThat(window.claim("a", 1)).isTrue();
    }

    @Test
    void theWindowHoldsAtMostItsSizeForgettingTheOldestFirst() {
        DeliveryWindow window = new DeliveryWindow(Duration.ofHours(1), 3);
        for (int i = 0; i < 5; i++) {
            assertThat(window.claim("d" + i, i)).isTrue();
        }
        assertThat(window.size()).isEqualTo(3);
        assertThat(window.claim("d4", 10)).isFalse();
        assertThat(window.claim("d0", 10)).isTrue();
    }
}
