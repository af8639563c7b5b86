package io.postflight.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Per-cluster backoff and breaker for watch starts, on a clock the test moves. */
class ClusterBackoffTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final ClusterBackoff backoff = new ClusterBackoff(Duration.ofSeconds(10), Duration.ofSeconds(80), 3,
            now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void delaysDoubleFromTheFirstUpToTheLongestPerCluster() {
        assertThat(backoff.failed("eu")).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.failed("eu")).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.failed("eu")).isEqualTo(Duration.ofSeconds(40));
        assertThat(backoff.failed("eu")).isEqualTo(Duration.ofSeconds(80));
        assertThat(backoff.failed("eu")).isEqualTo(Duration.ofSeconds(80));
        // Another cluster's count is its own.
        assertThat(backoff.failed("us")).isEqualTo(Duration.ofSeconds(10));
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.failed("eu")).isEqualTo(Duration.ofSeconds(80));
        }
    }

    @Test
    void belowTheThresholdEveryWatchMayTryAndTheBreakerIsClosed() {
        backoff.failed("eu");
        backoff.failed("eu");
        assertThat(backoff.open("eu")).isFalse();
        assertThat(backoff.beforeTrying("eu")).isZero();
        assertThat(backoff.beforeTrying("eu")).isZero();
    }

    @Test
    void openAfterThreeFailuresInARowOtherWatchesWaitAndOnlyOneProbesWhenTheTimeComes() {
        backoff.failed("eu");
        backoff.failed("eu");
        assertThat(backoff.failed("eu")).isEqualTo(Duration.ofSeconds(40));
        assertThat(backoff.open("eu")).isTrue();
        assertThat(backoff.beforeTrying("eu")).isEqualTo(Duration.ofSeconds(40));
        assertThat(backoff.beforeTrying("us")).as("other clusters are not held").isZero();

        advance(Duration.ofSeconds(40));
        assertThat(backoff.beforeTrying("eu")).as("the first due watch probes").isZero();
        assertThat(backoff.beforeTrying("eu")).as("the others wait one more delay").isEqualTo(Duration.ofSeconds(40));

        backoff.succeeded("eu");
        assertThat(backoff.open("eu")).isFalse();
        assertThat(backoff.beforeTrying("eu")).isZero();
        assertThat(backoff.failed("eu")).as("counting starts again").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theServicesBackoffStartsAtStartRetryAndRefusesNonsense() {
        ClusterBackoff service = ClusterBackoff.of(Duration.ofSeconds(10));
        assertThat(service.failed("c")).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> new ClusterBackoff(Duration.ZERO, Duration.ofSeconds(1), 3, now::get))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClusterBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 3, now::get))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClusterBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0, now::get))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
