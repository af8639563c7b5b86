package io.postflight.testing;

import io.postflight.contracts.AuditOutcome;
import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.OverrideAction;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Phase;
import io.postflight.contracts.Topics;
import io.postflight.kafka.JsonSerde;
import java.time.Duration;
import java.time.Instant;

/**
 * Overrides as the verifiers read them, the decision engine's audit records on
 * {@code postflight.audit}, for topology tests: an ABORT or EXTEND, applied or refused, piped in
 * under the slot's key.
 */
public final class AuditedOverrides {
    private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");

    private AuditedOverrides() {
    }

    public static OverrideCommand abort(String overrideId, String deploymentId, String slot) {
        return new OverrideCommand(null, overrideId, deploymentId, slot, OverrideAction.ABORT, null, null, null,
                "operator's call", "alice", AT);
    }

    public static OverrideCommand extend(String overrideId, String deploymentId, String slot, Phase phase,
                                         Duration by) {
        return new OverrideCommand(null, overrideId, deploymentId, slot, OverrideAction.EXTEND, null, phase, by,
                "needs more time", "alice", AT);
    }

    /** The audit record of {@code o} as the decision engine applied it. */
    public static AuditRecord applied(OverrideCommand o) {
        return new AuditRecord(null, o, null, AuditOutcome.APPLIED, null, null, null, null, AT, null);
    }

    /** The audit record of {@code o} as the decision engine refused it. */
    public static AuditRecord refused(OverrideCommand o, String why) {
        return new AuditRecord(null, o, null, AuditOutcome.REFUSED, why, null, null, null, AT, null);
    }

    /** Pipes {@code audit} into the fixture's audit topic, keyed by its slot. */
    public static void pipe(TopologyFixture fixture, AuditRecord audit) {
        fixture.input(Topics.AUDIT).pipeInput(audit.override().slot(), JsonSerde.toBytes(audit));
    }
}
