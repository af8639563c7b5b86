package io.postflight.kafka;

import io.postflight.contracts.AuditOutcome;
import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.OverrideAction;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Phase;
import io.postflight.contracts.Topics;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The overrides a verifier acts on: those the decision engine <em>applied</em>, read from its audit
 * records on {@code postflight.audit} (ADR 0027), never the commands on {@code postflight.overrides}.
 * A command may still be refused (an ABORT after a PROMOTE, an EXTEND of a phase that already
 * reported); its audit record says what the engine did with it, once per override id, in the same
 * transaction as the verdict it changed. The audit topic is keyed by slot like the verifications, so
 * a verifier reading both in one source meets the override in the task that holds the slot's state.
 *
 * <p>Of the applied overrides a verifier needs two: an ABORT of the deployment (whatever phase it
 * runs) and an EXTEND of its own phase. PROMOTE, ROLLBACK and RELEASE_HOLD reach the verifiers, if at
 * all, as decisions.
 *
 * <pre>{@code
 * inputs.on(Topics.AUDIT, AuditRecord.class, AuditRecord.SCHEMA,
 *         AppliedOverrides.of(Phase.BASELINE, this::onAbort, this::onExtend));
 * }</pre>
 */
public final class AppliedOverrides implements Consumer<AuditRecord> {
    private final Phase phase;
    private final Consumer<OverrideCommand> onAbort;
    private final Consumer<OverrideCommand> onExtend;

    private AppliedOverrides(Phase phase, Consumer<OverrideCommand> onAbort, Consumer<OverrideCommand> onExtend) {
        this.phase = Objects.requireNonNull(phase, "phase");
        this.onAbort = Objects.requireNonNull(onAbort, "onAbort");
        this.onExtend = Objects.requireNonNull(onExtend, "onExtend");
    }

    /**
     * @param phase the phase the verifier runs: only EXTENDs of it are handed on
     * @param onAbort an applied ABORT of some deployment (the handler checks it is the slot's current one)
     * @param onExtend an applied EXTEND of {@code phase} (the handler applies it once per override id)
     */
    public static AppliedOverrides of(Phase phase, Consumer<OverrideCommand> onAbort,
                                      Consumer<OverrideCommand> onExtend) {
        return new AppliedOverrides(phase, onAbort, onExtend);
    }

    /** Declares the audit topic on {@code inputs}, handled by this. */
    public ContractInputs declareOn(ContractInputs inputs) {
        return inputs.on(Topics.AUDIT, AuditRecord.class, AuditRecord.SCHEMA, this);
    }

    @Override
    public void accept(AuditRecord audit) {
        // A repeat answers a later request under an id already audited: the override itself was
        // applied (or refused) once, by the record before it, and is acted on once.
        if (audit.outcome() != AuditOutcome.APPLIED || audit.repeated()) {
            return;
        }
        OverrideCommand o = audit.override();
        if (o.action() == OverrideAction.ABORT) {
            onAbort.accept(o);
        } else if (o.action() == OverrideAction.EXTEND && o.phase() == phase && o.extendBy() != null) {
            onExtend.accept(o);
        }
    }
}
