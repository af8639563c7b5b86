package io.postflight.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.AuditOutcome;
import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.OverrideAction;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppliedOverridesTest {
    private final List<String> aborts = new ArrayList<>();
    private final List<String> extends_ = new ArrayList<>();
    private final AppliedOverrides baseline = AppliedOverrides.of(Phase.BASELINE, o -> aborts.add(o.overrideId()),
            o -> extends_.add(o.overrideId()));

    private static AuditRecord audit(String id, OverrideAction action, Phase phase, AuditOutcome outcome) {
        OverrideCommand o = new OverrideCommand(null, id, "d1", "checkout/prod", action,
                action == OverrideAction.RELEASE_HOLD ? DecisionKind.PROMOTE : null, phase,
                phase == null ? null : Duration.ofMinutes(10), "why", "alice", Instant.EPOCH);
        return new AuditRecord(null, o, null, outcome, outcome == AuditOutcome.REFUSED ? "no" : null, null, null,
                null, Instant.EPOCH, null);
    }

    @Test
    void handsOnAppliedAbortsAndAppliedExtendsOfItsOwnPhaseOnly() {
        baseline.accept(audit("abort", OverrideAction.ABORT, null, AuditOutcome.APPLIED));
        baseline.accept(audit("refused-abort", OverrideAction.ABORT, null, AuditOutcome.REFUSED));
        baseline.accept(audit("extend", OverrideAction.EXTEND, Phase.BASELINE, AuditOutcome.APPLIED));
        baseline.accept(audit("refused-extend", OverrideAction.EXTEND, Phase.BASELINE, AuditOutcome.REFUSED));
        baseline.accept(audit("health-extend", OverrideAction.EXTEND, Phase.HEALTH, AuditOutcome.APPLIED));
        baseline.accept(audit("promote", OverrideAction.PROMOTE, null, AuditOutcome.APPLIED));
        baseline.accept(audit("release", OverrideAction.RELEASE_HOLD, null, AuditOutcome.APPLIED));

        assertThat(aborts).containsExactly("abort");
        assertThat(extends_).containsExactly("extend");
    }

    @Test
    void aRepeatOfAnAppliedOverrideIsNotActedOnAgain() {
        AuditRecord first = audit("extend", OverrideAction.EXTEND, Phase.BASELINE, AuditOutcome.APPLIED);
        AuditRecord repeat = new AuditRecord(null, first.override(), null, AuditOutcome.APPLIED, null, null, null,
                null, Instant.EPOCH, true);

        baseline.accept(first);
        baseline.accept(repeat);

        assertThat(extends_).containsExactly("extend");
    }
}
