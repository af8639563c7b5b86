package io.postflight.verdict.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postflight.contracts.Json;
import io.postflight.verdict.gate.GateConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the gate takes from its records topic, and the role rules checked at start-up. */
class GateRecordsTest {
    private static final String DIGEST = "sha256:" + "a1".repeat(32);
    private static final Instant AT = Instant.parse("2026-11-29T14:00:00Z");
    private static final GateRecord GOOD = new GateRecord(GateRecord.APPROVAL, "id-1", "shop", "prod", DIGEST, "alice",
            List.of("approver"), "CHG-7", AT, AT.plus(Duration.ofHours(24)));

    @Test
    void onlyACompleteRecordUnderItsOwnKeyIsTaken() throws Exception {
        assertThat(GateRecords.read("approval:id-1", Json.MAPPER.writeValueAsBytes(GOOD))).isEqualTo(GOOD);
        assertThat(GateRecords.read("approval:id-2", Json.MAPPER.writeValueAsBytes(GOOD))).as("another key").isNull();
        assertThat(GateRecords.read("approval:id-1", "{\"kind\":\"approval\",\"id\":\"id-1\"}"
                .getBytes(StandardCharsets.UTF_8))).as("fields missing").isNull();
        assertThat(GateRecords.read("blessing:id-1", Json.MAPPER.writeValueAsBytes(new GateRecord("blessing", "id-1",
                "shop", "prod", DIGEST, "alice", List.of(), "x", AT, AT.plusSeconds(60))))).as("unknown kind").isNull();
        assertThat(GateRecords.read("approval:id-1", "not json".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(GateRecords.read("approval:id-1", null)).isNull();
    }

    @Test
    void aRecordHoldsFromItsRecordingUntilJustBeforeItExpiresForItsOwnScopeOnly() {
        assertThat(GOOD.holds(GateRecord.APPROVAL, "shop", "prod", DIGEST, AT)).isTrue();
        assertThat(GOOD.holds(GateRecord.APPROVAL, "shop", "prod", DIGEST, AT.minusMillis(1))).isFalse();
        assertThat(GOOD.holds(GateRecord.APPROVAL, "shop", "prod", DIGEST, AT.plus(Duration.ofHours(24)))).isFalse();
        assertThat(GOOD.holds(GateRecord.APPROVAL, "shop", "staging", DIGEST, AT)).isFalse();
        assertThat(GOOD.holds(GateRecord.APPROVAL, "cart", "prod", DIGEST, AT)).isFalse();
        assertThat(GOOD.holds(GateRecord.EXCEPTION, "shop", "prod", DIGEST, AT)).isFalse();
        assertThat(GOOD.holds(GateRecord.APPROVAL, "shop", "prod", "sha256:" + "b2".repeat(32), AT)).isFalse();
    }

    @Test
    void approvingEmergenciesAndDeployingAreSeparateRoles() {
        Duration day = Duration.ofHours(24);
        Duration week = Duration.ofDays(7);
        List<String> scanner = List.of("scanner");
        assertThatThrownBy(() -> new ReleaseGateConfig(List.of("approver", "sre"), List.of("sre"), day, day,
                Duration.ofSeconds(10), scanner, week, null)).hasMessageContaining("share the role sre");
        assertThatThrownBy(() -> new ReleaseGateConfig(List.of("approver"), List.of("emergency"), Duration.ZERO, day,
                Duration.ofSeconds(10), scanner, week, null)).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> new ReleaseGateConfig(List.of("approver"), List.of("emergency"), day, day,
                Duration.ofSeconds(10), List.of("approver"), week, null)).hasMessageContaining("scanner-roles shares");
        ReleaseGateConfig gate = new ReleaseGateConfig(List.of("approver", "deployer"), List.of("emergency"), day, day,
                Duration.ofSeconds(10), scanner, week, null);
        assertThatThrownBy(() -> new ReleasePolicies(List.of(), gate, new GateConfig(List.of("deployer"), null, null)))
                .hasMessageContaining("the role deployer is also a gate role");
        ReleaseGateConfig pipelineScans = new ReleaseGateConfig(List.of("approver"), List.of("emergency"), day, day,
                Duration.ofSeconds(10), List.of("deployer"), week, null);
        assertThatThrownBy(() -> new ReleasePolicies(List.of(), pipelineScans,
                new GateConfig(List.of("deployer"), null, null))).hasMessageContaining("scanner");
    }
}
