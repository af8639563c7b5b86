package io.postflight.verdict.history;

import static io.postflight.verdict.history.Histories.T0;
import static io.postflight.verdict.history.Histories.decision;
import static io.postflight.verdict.history.Histories.of;
import static io.postflight.verdict.history.Histories.ref;
import static io.postflight.verdict.history.Histories.result;
import static io.postflight.verdict.history.Histories.started;
import static io.postflight.verdict.history.Histories.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.VerdictState;
import io.postflight.verdict.slo.OverdueDeployments;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which deployments the completeness SLO counts as owed a decision (fixtures in this package). */
class OverdueDeploymentsTest {
    private static final Duration AFTER = Duration.ofMinutes(150);

    @Test
    void onlyAnUndecidedDeploymentOlderThanTheLimitIsOverdue() {
        DeploymentRef lost = ref("lost", "shop", "prod");
        DeploymentRef young = ref("young", "cart", "prod");
        DeploymentRef decided = ref("decided", "pay", "prod");
        DeploymentRef aborted = ref("aborted", "mail", "prod");
        DeploymentHistory lostHistory = of(HistoryInput.of(started(lost, 0)),
                HistoryInput.of(result(lost, Phase.HEALTH, PhaseOutcome.PASSED, 300)));
        DeploymentHistory youngHistory = of(HistoryInput.of(started(young, 3600)));
        DeploymentHistory decidedHistory = of(HistoryInput.of(started(decided, 0)),
                HistoryInput.of(decision(decided, DecisionKind.HOLD, 7300)));
        DeploymentHistory abortedHistory = of(HistoryInput.of(started(aborted, 0)),
                HistoryInput.of(verdict(aborted, VerdictState.ABORTED, 600)));

        assertThat(OverdueDeployments.of(List.of(lostHistory, youngHistory, decidedHistory, abortedHistory),
                T0.plus(AFTER).plusSeconds(1), AFTER)).containsExactly("lost");
        assertThat(OverdueDeployments.of(List.of(lostHistory), T0.plus(AFTER), AFTER))
                .as("not before the limit has passed").isEmpty();
    }
}
