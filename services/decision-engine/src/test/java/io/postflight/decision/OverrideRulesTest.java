package io.postflight.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.OverrideAction;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.VerificationStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which override is allowed in which state, exhaustively: every column of the table against every
 * row, each state reached through the decision rules themselves, and every refusal says why.
 */
class OverrideRulesTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final String ID = "checkout-42";

    /** y: allowed, n: refused. */
    private static final String TABLE = """
            state                    PROMOTE ROLLBACK RELEASE_TO_PROMOTE RELEASE_TO_ROLLBACK EXTEND_BASELINE EXTEND_DRIFT ABORT
            VERIFYING                y       y        n                  n                   y               y            y
            HEALTH_PASSED            y       y        n                  n                   y               y            y
            HELD                     y       y        y                  y                   n               n            y
            PROMOTED                 n       y        n                  n                   n               y            n
            ROLLED_BACK              n       n        n                  n                   n               n            n
            ROLLED_BACK_AFTER_PROMO  n       n        n                  n                   n               n            n
            ABORTED                  n       n        n                  n                   n               n            n
            OTHER_DEPLOYMENT         n       n        n                  n                   n               n            n
            UNKNOWN                  n       n        n                  n                   n               n            n
            """;

    static VerificationStarted started(String id) {
        DeploymentRef d = new DeploymentRef(id, "checkout", "prod", "v-" + id, null, null);
        return new VerificationStarted(null, d, DeployAction.DEPLOYED, List.of(),
                List.of(Phase.HEALTH, Phase.BASELINE, Phase.DRIFT), T0, new EventRef("ev-" + id, "/cd", "t", T0));
    }

    static SlotState after(SlotState s, Phase phase, PhaseOutcome outcome) {
        VerificationStarted v = started(s.deploymentId());
        return DecisionRules.onResult(s, new PhaseResult(null, v.deployment(), phase, outcome, "summary", List.of(),
                T0, T0, v.deployEvent()), T0).state();
    }

    static OverrideCommand command(OverrideAction action, DecisionKind releaseTo, Phase phase) {
        return new OverrideCommand(null, "ov-" + action, ID, "checkout/prod", action, releaseTo, phase,
                phase == null ? null : Duration.ofMinutes(30), "checked by hand", "alice", T0).checked();
    }

    /** Every row of the table, reached through the decision rules. */
    static Map<String, SlotState> states() {
        SlotState verifying = DecisionRules.onStarted(null, started(ID), T0).state();
        SlotState healthy = after(verifying, Phase.HEALTH, PhaseOutcome.PASSED);
        SlotState promoted = after(healthy, Phase.BASELINE, PhaseOutcome.PASSED);
        Map<String, SlotState> m = new LinkedHashMap<>();
        m.put("VERIFYING", verifying);
        m.put("HEALTH_PASSED", healthy);
        m.put("HELD", after(verifying, Phase.HEALTH, PhaseOutcome.INCONCLUSIVE));
        m.put("PROMOTED", promoted);
        m.put("ROLLED_BACK", after(verifying, Phase.HEALTH, PhaseOutcome.FAILED));
        m.put("ROLLED_BACK_AFTER_PROMO", after(promoted, Phase.DRIFT, PhaseOutcome.FAILED));
        m.put("ABORTED", OverrideDecisions.apply(verifying, command(OverrideAction.ABORT, null, null), T0).step()
                .state());
        m.put("OTHER_DEPLOYMENT", DecisionRules.onStarted(null, started("checkout-43"), T0).state());
        m.put("UNKNOWN", null);
        return m;
    }

    static Map<String, OverrideCommand> commands() {
        Map<String, OverrideCommand> m = new LinkedHashMap<>();
        m.put("PROMOTE", command(OverrideAction.PROMOTE, null, null));
        m.put("ROLLBACK", command(OverrideAction.ROLLBACK, null, null));
        m.put("RELEASE_TO_PROMOTE", command(OverrideAction.RELEASE_HOLD, DecisionKind.PROMOTE, null));
        m.put("RELEASE_TO_ROLLBACK", command(OverrideAction.RELEASE_HOLD, DecisionKind.ROLLBACK, null));
        m.put("EXTEND_BASELINE", command(OverrideAction.EXTEND, null, Phase.BASELINE));
        m.put("EXTEND_DRIFT", command(OverrideAction.EXTEND, null, Phase.DRIFT));
        m.put("ABORT", command(OverrideAction.ABORT, null, null));
        return m;
    }

    @Test
    void everyOverrideInEveryStateIsAllowedOrRefusedAsTheTableSays() {
        List<String> rows = TABLE.lines().toList();
        List<String> columns = List.of(rows.get(0).trim().split("\\s+")).subList(1, 8);
        assertThat(columns).containsExactlyElementsOf(commands().keySet());
        Map<String, SlotState> states = states();
        assertThat(rows.subList(1, rows.size())).extracting(r -> r.trim().split("\\s+")[0])
                .containsExactlyElementsOf(states.keySet());
        List<String> wrong = new ArrayList<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.trim().split("\\s+");
            for (int c = 0; c < columns.size(); c++) {
                String refusal = OverrideRules.refusal(states.get(cells[0]), commands().get(columns.get(c)));
                boolean allowed = refusal == null;
                if (allowed != cells[c + 1].equals("y")) {
                    wrong.add(cells[0] + " × " + columns.get(c) + ": " + (allowed ? "allowed" : "refused: " + refusal));
                }
                if (!allowed) {
                    assertThat(refusal).as("why %s × %s", cells[0], columns.get(c)).hasSizeGreaterThan(10);
                }
            }
        }
        assertThat(wrong).as("cells that differ from the table").isEmpty();
    }

    @Test
    void refusalsSayWhyInWordsAnOperatorCanActOn() {
        Map<String, SlotState> s = states();
        Map<String, OverrideCommand> c = commands();

        assertThat(OverrideRules.refusal(s.get("ROLLED_BACK_AFTER_PROMO"), c.get("PROMOTE")))
                .isEqualTo("rolled back after promotion: promoting it again takes a new deployment");
        assertThat(OverrideRules.refusal(s.get("ROLLED_BACK"), c.get("PROMOTE")))
                .startsWith("already rolled back");
        assertThat(OverrideRules.refusal(s.get("VERIFYING"), c.get("RELEASE_TO_PROMOTE")))
                .isEqualTo("RELEASE_HOLD applies to a HOLD only; the verdict is VERIFYING");
        assertThat(OverrideRules.refusal(s.get("OTHER_DEPLOYMENT"), c.get("ROLLBACK")))
                .isEqualTo("checkout-42 is not the current deployment of checkout/prod (checkout-43 is):"
                        + " overrides apply to the current deployment only");
        assertThat(OverrideRules.refusal(null, c.get("ROLLBACK"))).startsWith("no verification of checkout-42 is known");
        assertThat(OverrideRules.refusal(s.get("ABORTED"), c.get("ROLLBACK")))
                .isEqualTo("the verification is ABORTED: nothing applies any more");
        assertThat(OverrideRules.refusal(s.get("PROMOTED"), c.get("EXTEND_BASELINE")))
                .isEqualTo("BASELINE has already ended (PASSED)");
        assertThat(OverrideRules.refusal(s.get("HELD"), c.get("EXTEND_DRIFT"))).startsWith("the verification is HELD");
        assertThat(OverrideRules.refusal(s.get("PROMOTED"), c.get("PROMOTE"))).isEqualTo("already promoted");
        assertThat(OverrideRules.refusal(s.get("PROMOTED"), c.get("ABORT"))).startsWith("already promoted: ABORT");
    }

    @Test
    void aPhaseNotPlannedCannotBeExtended() {
        VerificationStarted v = new VerificationStarted(null, started(ID).deployment(), DeployAction.DEPLOYED,
                List.of(), List.of(Phase.HEALTH), T0, null);
        SlotState s = DecisionRules.onStarted(null, v, T0).state();

        assertThat(OverrideRules.refusal(s, commands().get("EXTEND_BASELINE")))
                .isEqualTo("BASELINE is not a phase of this verification ([HEALTH])");
    }
}
