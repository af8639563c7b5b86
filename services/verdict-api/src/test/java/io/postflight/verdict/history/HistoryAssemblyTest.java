package io.postflight.verdict.history;

import static io.postflight.verdict.history.Histories.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.VerdictState;
import org.junit.jupiter.api.Test;

class HistoryAssemblyTest {
    private final DeploymentRef d = Histories.ref("d-1", "shop", "prod");

    @Test
    void aDeploymentsRecordsMakeOneHistory() {
        DeploymentHistory h = Histories.of(HistoryInput.of(Histories.started(d, 0)),
                HistoryInput.of(Histories.result(d, Phase.HEALTH, PhaseOutcome.PASSED, 180)),
                HistoryInput.of(Histories.result(d, Phase.BASELINE, PhaseOutcome.FAILED, 600)),
                HistoryInput.of(Histories.decision(d, DecisionKind.ROLLBACK, 601)),
                HistoryInput.of(Histories.verdict(d, VerdictState.ROLLED_BACK, 601)));
        assertThat(h.startedAt()).isEqualTo(T0);
        assertThat(h.deployEvent().id()).isEqualTo("evt-d-1");
        assertThat(h.phaseResults()).extracting(r -> r.phase() + ":" + r.outcome())
                .containsExactly("HEALTH:PASSED", "BASELINE:FAILED");
        assertThat(h.phaseResults().get(1).evidence()).hasSize(1);
        assertThat(h.decisions()).extracting(dd -> dd.kind()).containsExactly(DecisionKind.ROLLBACK);
        assertThat(h.state()).isEqualTo(VerdictState.ROLLED_BACK);
        assertThat(h.updatedAt()).isEqualTo(T0.plusSeconds(601));
    }

    @Test
    void theSameRecordTwiceIsKeptOnce() {
        DeploymentHistory once = Histories.of(HistoryInput.of(Histories.started(d, 0)),
                HistoryInput.of(Histories.result(d, Phase.HEALTH, PhaseOutcome.PASSED, 180)),
                HistoryInput.of(Histories.decision(d, DecisionKind.PROMOTE, 200)));
        DeploymentHistory twice = HistoryAssembly.apply(HistoryAssembly.apply(once,
                HistoryInput.of(Histories.result(d, Phase.HEALTH, PhaseOutcome.PASSED, 180))),
                HistoryInput.of(Histories.decision(d, DecisionKind.PROMOTE, 200)));
        assertThat(twice).isEqualTo(once);
    }

    @Test
    void anOlderVerdictArrivingLateDoesNotReplaceTheNewer() {
        DeploymentHistory h = Histories.of(HistoryInput.of(Histories.verdict(d, VerdictState.PROMOTED, 300)),
                HistoryInput.of(Histories.verdict(d, VerdictState.VERIFYING, 10)),
                HistoryInput.of(Histories.started(d, 0)));
        assertThat(h.state()).isEqualTo(VerdictState.PROMOTED);
        assertThat(h.startedAt()).as("the verification arriving after its verdict still fills in").isEqualTo(T0);
    }

    @Test
    void beforeAnyVerdictTheDeploymentIsVerifying() {
        assertThat(Histories.of(HistoryInput.of(Histories.started(d, 0))).state()).isEqualTo(VerdictState.VERIFYING);
    }

    @Test
    void overridesAppliedAndRefusedAreKeptOnceInTheOrderRecorded() {
        DeploymentHistory h = Histories.of(HistoryInput.of(Histories.started(d, 0)),
                HistoryInput.of(Histories.override(d, "o-1", "alice", false, 100)),
                HistoryInput.of(Histories.override(d, "o-2", "bob", true, 200)),
                HistoryInput.of(Histories.override(d, "o-1", "alice", false, 100)));
        assertThat(h.overrides()).extracting(a -> a.overrideId() + ":" + a.override().who() + ":" + a.outcome())
                .containsExactly("o-1:alice:REFUSED", "o-2:bob:APPLIED");
        assertThat(h.overrides().get(0).refusedBecause()).isEqualTo("the deployment is not held");
        assertThat(h.overrides().get(1).verdictBefore()).isEqualTo(VerdictState.HELD);
        assertThat(h.overrides().get(1).verdictAfter()).isEqualTo(VerdictState.PROMOTED);
        assertThat(h.updatedAt()).isEqualTo(T0.plusSeconds(200));
        assertThat(h.startedAt()).as("an override leaves the rest of the history alone").isEqualTo(T0);
    }

    @Test
    void anAuditRecordWithoutADeploymentEntersNoHistory() {
        var unknown = Histories.override(d, "o-3", "carol", false, 50);
        var withoutDeployment = new io.postflight.contracts.AuditRecord(null, unknown.override(), null,
                unknown.outcome(), "no such deployment", null, null, null, unknown.recordedAt(), null);
        assertThat(HistorySources.override(withoutDeployment)).isNull();
        var repeat = new io.postflight.contracts.AuditRecord(null, unknown.override(), unknown.deployment(),
                unknown.outcome(), unknown.refusedBecause(), null, null, null, unknown.recordedAt(), true);
        assertThat(HistorySources.override(repeat)).as("a repeat is listed once, by its first record").isNull();
        assertThat(HistorySources.override(unknown)).isNotNull();
        assertThat(HistorySources.topics()).contains(io.postflight.contracts.Topics.AUDIT);
    }

    @Test
    void aHistoryWrittenBeforeOverridesWereKeptReadsWithNone() throws Exception {
        DeploymentHistory h = Histories.of(HistoryInput.of(Histories.started(d, 0)));
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) io.postflight.contracts.Json.MAPPER.valueToTree(h);
        json.remove("overrides");
        DeploymentHistory read = io.postflight.contracts.Json.MAPPER.treeToValue(json, DeploymentHistory.class);
        assertThat(read.overrides()).isEmpty();
        assertThat(read).isEqualTo(h);
    }
}
