package io.postflight.decision;

import io.postflight.contracts.Alert;
import io.postflight.contracts.Decision;
import io.postflight.contracts.Verdict;
import java.util.List;

/**
 * What the rules conclude from one input: the slot's new state ({@code null} = unchanged), the
 * decision to publish (if any), verdict updates, the alert for on-call (if any), and why an input
 * was ignored (if it was).
 */
public record DecisionStep(SlotState state, Decision decision, List<Verdict> verdicts, Alert alert,
                           String ignoredBecause) {

    public static DecisionStep ignored(String why) {
        return new DecisionStep(null, null, List.of(), null, why);
    }

    public DecisionStep {
        verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
    }
}
