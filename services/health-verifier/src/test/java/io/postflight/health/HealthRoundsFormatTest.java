package io.postflight.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postflight.contracts.Json;
import io.postflight.judge.health.HealthTracker;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stored rounds keep the verification's trace context (ADR 0026) in a nullable field: an entry
 * written before it existed reads, and the field survives the JSON round trip.
 */
class HealthRoundsFormatTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void anEntryWrittenBeforeTracingReadsWithoutATraceContextAndANewOneKeepsIt() throws Exception {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        HealthRounds now = new HealthRounds("dep-1", HealthTracker.start(T0, List.of("a")), 1_000L, traceparent);
        ObjectNode old = (ObjectNode) Json.MAPPER.valueToTree(now);
        old.remove("traceparent");

        HealthRounds read = Json.MAPPER.treeToValue(old, HealthRounds.class);
        assertThat(read.traceparent()).isNull();
        assertThat(read.deploymentId()).isEqualTo("dep-1");
        assertThat(read.nextProbeAtMillis()).isEqualTo(1_000L);
        HealthRounds kept = Json.MAPPER.treeToValue(Json.MAPPER.valueToTree(now), HealthRounds.class);
        assertThat(kept.traceparent()).isEqualTo(traceparent);
        assertThat(kept.next(kept.tracker(), 2_000L).traceparent()).isEqualTo(traceparent);
    }
}
