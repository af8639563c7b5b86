package io.postflight.decision;

import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.VerdictState;

/**
 * Which override is allowed in which state, pure: the slot's state and the override in, {@code null}
 * (allowed) or why it is refused out, in words an operator can act on.
 *
 * <table>
 *   <caption>allowed overrides by verdict state</caption>
 *   <tr><th>state</th><th>PROMOTE</th><th>ROLLBACK</th><th>RELEASE_HOLD</th><th>EXTEND</th><th>ABORT</th></tr>
 *   <tr><td>VERIFYING</td><td>yes</td><td>yes</td><td>no</td><td>a phase not yet reported</td><td>yes</td></tr>
 *   <tr><td>HELD</td><td>yes</td><td>yes</td><td>yes</td><td>no</td><td>yes</td></tr>
 *   <tr><td>PROMOTED</td><td>no</td><td>yes (post-promotion)</td><td>no</td><td>a phase not yet reported</td><td>no</td></tr>
 *   <tr><td>ROLLED_BACK, ABORTED</td><td>no</td><td>no</td><td>no</td><td>no</td><td>no</td></tr>
 * </table>
 *
 * Nothing applies to a deployment that is not its slot's current one (superseded, or unknown).
 * A PROMOTE after a post-promotion ROLLBACK takes a new deployment: the ROLLED_BACK row says so.
 */
public final class OverrideRules {

    private OverrideRules() {
    }

    /** {@code null} when {@code o} may be applied to {@code current}, else why not. */
    public static String refusal(SlotState current, OverrideCommand o) {
        if (current == null) {
            return "no verification of " + o.deploymentId() + " is known in " + o.slot()
                    + " (never announced, or forgotten after the slot retention)";
        }
        if (!current.deploymentId().equals(o.deploymentId())) {
            return o.deploymentId() + " is not the current deployment of " + o.slot() + " (" + current.deploymentId()
                    + " is): overrides apply to the current deployment only";
        }
        VerdictState state = current.state();
        if (state == VerdictState.ROLLED_BACK) {
            return current.rolledBackAfterPromotion()
                    ? "rolled back after promotion: promoting it again takes a new deployment"
                    : "already rolled back: nothing applies after a ROLLBACK; deploy again instead";
        }
        if (state == VerdictState.ABORTED || state == VerdictState.SUPERSEDED) {
            return "the verification is " + state + ": nothing applies any more";
        }
        return switch (o.action()) {
            case RELEASE_HOLD -> state == VerdictState.HELD ? null
                    : "RELEASE_HOLD applies to a HOLD only; the verdict is " + state;
            case PROMOTE -> state == VerdictState.PROMOTED ? "already promoted" : null;
            case ROLLBACK -> null;
            case EXTEND -> extensionRefusal(current, o);
            case ABORT -> state == VerdictState.PROMOTED
                    ? "already promoted: ABORT stops a verification before its decision; ROLLBACK instead" : null;
        };
    }

    private static String extensionRefusal(SlotState current, OverrideCommand o) {
        if (current.state() == VerdictState.HELD) {
            return "the verification is HELD: no phase runs any more to extend; RELEASE_HOLD or ABORT instead";
        }
        if (!current.phases().contains(o.phase())) {
            return o.phase() + " is not a phase of this verification (" + current.phases() + ")";
        }
        if (current.outcomes().containsKey(o.phase())) {
            return o.phase() + " has already ended (" + current.outcomes().get(o.phase()) + ")";
        }
        return null;
    }
}
