package io.postflight.httpkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {
    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void aClientMayBurstThenWaitsForTheSustainedRate() {
        ClientRateLimiter limiter = new ClientRateLimiter(60, 3, 100);
        long t = 1_000 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("ci", t)).isZero();
        }
        long wait = limiter.acquire("ci", t);
        assertThat(wait).isPositive().isLessThanOrEqualTo(SECOND + 1_000);
        assertThat(limiter.acquire("other", t)).as("another client has its own bucket").isZero();
        long later = t + SECOND + 1_000;
        assertThat(limiter.acquire("ci", later)).as("one a second at 60 a minute").isZero();
        assertThat(limiter.acquire("ci", later)).isPositive();
    }

    @Test
    void theLeastRecentlySeenClientIsForgottenBeyondTheLimit() {
        ClientRateLimiter limiter = new ClientRateLimiter(1, 1, 2);
        assertThat(limiter.acquire("a", 0)).isZero();
        assertThat(limiter.acquire("a", 0)).isPositive();
        limiter.acquire("b", 0);
        limiter.acquire("c", 0);
        assertThat(limiter.acquire("a", 0)).as("forgotten, so a full bucket again").isZero();
    }
}
