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
}
