package io.postflight.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postflight.contracts.Phase;
import io.postflight.contracts.Topics;
import io.postflight.contracts.intake.CloudEventsDeployEventDecoder;
import io.postflight.kafka.RecordMetrics;
import io.postflight.testing.TopologyFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The cleanup rule of {@code intake-seen-deployments}: an id is forgotten {@code dedupe-retention} after first seen. */
class DedupeRetentionTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void aDeploymentIdIsKeptForTheDedupeRetentionThenForgotten() {
        GatewayConfig config = new GatewayConfig(4096, List.of(Phase.HEALTH), List.of(Phase.HEALTH),
                Duration.ofDays(7), Duration.ofDays(30));
        RecordMetrics metrics = new RecordMetrics(new SimpleMeterRegistry());
        try (TopologyFixture fixture = TopologyFixture.start("gateway-retention-test", T0, b -> GatewayTopology.build(b,
                () -> new DeployEventDecodeProcessor(new CloudEventsDeployEventDecoder(4096), config, metrics),
                () -> new DeploymentDedupeProcessor(new TargetResolver(List.of()), config, metrics)))) {
            RecordHeaders h = new RecordHeaders();
            h.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            fixture.rawInput(Topics.DEPLOY_EVENTS).pipeInput(new TestRecord<>("k".getBytes(StandardCharsets.UTF_8),
                    ("{\"schema\":\"postflight.deploy/1\",\"deploymentId\":\"d1\",\"service\":\"checkout\","
                            + "\"environment\":\"prod\",\"version\":\"1.2.3\"}").getBytes(StandardCharsets.UTF_8), h, T0));
            KeyValueStore<String, AcceptedDeployment> seen = fixture.driver().getKeyValueStore(DeploymentDedupeProcessor.STORE);
            assertThat(seen.get("d1")).isNotNull();
            for (int i = 0; i < 7 * 24 * 6 - 1; i++) {
                fixture.driver().advanceWallClockTime(Duration.ofMinutes(10));
            }
            assertThat(seen.get("d1")).as("kept within the retention").isNotNull();
            fixture.driver().advanceWallClockTime(Duration.ofMinutes(20));
            assertThat(seen.get("d1")).as("forgotten after it").isNull();
        }
    }
}
