package io.postflight.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StateRestoresTest {
    private static final TopicPartition CHANGELOG = new TopicPartition("app-health-store-changelog", 3);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StateRestores restores = new StateRestores(registry);

    @Test
    void aRestoreIsCountedPerStoreAndShownWhileItRuns() {
        restores.onRestoreStart(CHANGELOG, "health-store", 0, 500);
        assertThat(restoring()).isEqualTo(1);

        restores.onBatchRestored(CHANGELOG, "health-store", 300, 300);
        restores.onBatchRestored(CHANGELOG, "health-store", 500, 200);
        restores.onRestoreEnd(CHANGELOG, "health-store", 500);

        assertThat(registry.get("postflight.state.restored.records").tag("store", "health-store").counter().count())
                .isEqualTo(500);
        assertThat(registry.get("postflight.state.restore.duration").tag("store", "health-store").timer().count())
                .isEqualTo(1);
        assertThat(restoring()).isZero();
    }

    @Test
    void aRestoreSuspendedByARebalanceNoLongerCountsAsRunning() {
        restores.onRestoreStart(CHANGELOG, "health-store", 0, 500);
        restores.onRestoreSuspended(CHANGELOG, "health-store", 120);
        // A suspension or an end reported twice must not drive the gauge below zero.
        restores.onRestoreEnd(CHANGELOG, "health-store", 120);

        assertThat(restoring()).isZero();
    }

    private double restoring() {
        return registry.get("postflight.state.restoring").gauge().value();
    }
}
