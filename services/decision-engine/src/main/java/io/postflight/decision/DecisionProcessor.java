package io.postflight.decision;

import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Topics;
import io.postflight.contracts.Verdict;
import io.postflight.contracts.VerdictState;
import io.postflight.contracts.VerificationStarted;
import io.postflight.judge.DurationWords;
import io.postflight.kafka.ContractInputs;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
import io.postflight.kafka.PhaseProcessor;
import io.postflight.kafka.PhaseTopology;
import io.postflight.kafka.RecordMetrics;
import io.postflight.runtime.DeploymentMdc;
import io.postflight.tracing.Tracing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads verifications, phase results and operators' overrides (all keyed by slot, so one task sees
 * everything about a slot in order), applies {@link DecisionRules} and {@link OverrideDecisions},
 * and publishes decisions, verdicts, alerts and audit records. The store updates and the published
 * records commit in one exactly-once transaction, so a restart neither loses nor repeats a
 * decision, and an override id is applied (or refused) once: {@code decision-overrides} remembers it.
 */
public final class DecisionProcessor extends PhaseProcessor {
    public static final String STORE = "decision-slots";
    /**
     * Override id → its first audit record: an override seen again (a retried request) changes
     * nothing and is answered from it; another override under that id is refused.
     */
    public static final String OVERRIDES_STORE = "decision-overrides";
    private static final Logger LOG = LoggerFactory.getLogger(DecisionProcessor.class);
    private static final String CONSUMER = "decision-engine";
    /** Span of a decision; its verdicts and alert are written in it. */
    public static final String SPAN = "postflight.decision";

    /** Slot records read per retention sweep: bounds the stream thread's work per tick. */
    static final int RETENTION_BATCH = 1000;
    static final Duration RETENTION_TICK = Duration.ofMinutes(1);

    private final Duration silenceTimeout;
    private final SlotRetention<SlotState> retention;
    private final SlotRetention<AuditRecord> overrideRetention;
    private final RecordMetrics metrics;
    private KeyValueStore<String, SlotState> store;
    private KeyValueStore<String, AuditRecord> overrides;

    public DecisionProcessor(Duration silenceTimeout, Duration slotRetention, RecordMetrics metrics) {
        this(silenceTimeout, slotRetention, metrics, Tracing.off());
    }

    /** @param tracing a span per decision, in the verification's trace (ADR 0026) */
    public DecisionProcessor(Duration silenceTimeout, Duration slotRetention, RecordMetrics metrics, Tracing tracing) {
        super(CONSUMER, metrics, tracing);
        this.silenceTimeout = silenceTimeout;
        this.retention = SlotRetention.ofSlots(slotRetention, RETENTION_BATCH);
        this.overrideRetention = new SlotRetention<>(slotRetention, RETENTION_BATCH, AuditRecord::recordedAt);
        this.metrics = metrics;
    }

    /** verifications + phase results + overrides → decision rules (stores) → decisions, verdicts, alerts, audit. */
    public static PhaseTopology topology() {
        return PhaseTopology.named("decision-rules")
                .reading(Topics.VERIFICATIONS, Topics.PHASE_RESULTS, Topics.OVERRIDES)
                .store(STORE, SlotState.class).store(OVERRIDES_STORE, AuditRecord.class);
    }

    @Override
    protected void declareInputs(ContractInputs inputs) {
        inputs.on(Topics.VERIFICATIONS, VerificationStarted.class, VerificationStarted.SCHEMA, this::onStarted)
                .on(Topics.PHASE_RESULTS, PhaseResult.class, PhaseResult.SCHEMA, this::onResult)
                .on(Topics.OVERRIDES, OverrideCommand.class, OverrideCommand.SCHEMA, this::onOverride);
    }

    @Override
    protected void start(ProcessorContext<String, Outgoing> context) {
        this.store = context.getStateStore(STORE);
        this.overrides = context.getStateStore(OVERRIDES_STORE);
        Duration interval = silenceTimeout.dividedBy(10).compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1) : silenceTimeout.dividedBy(10);
        every(interval, this::watchSilence);
        every(RETENTION_TICK, now -> {
            overrideRetention.sweep(overrides, Instant.ofEpochMilli(now));
            int deleted = retention.sweep(store, Instant.ofEpochMilli(now));
            if (deleted > 0) {
                LOG.info("retention: deleted {} slot record(s) idle beyond the slot retention", deleted);
            }
        });
    }

    private void onStarted(VerificationStarted v) {
        Instant now = Instant.ofEpochMilli(context().currentSystemTimeMs());
        if (v.startedAt().plus(silenceTimeout).isBefore(now)) {
            // From history (a new application id): deciding it now would repeat an old decision.
            metrics.ignored(CONSUMER, "stale");
            LOG.info("verification of {} began at {}, beyond the silence timeout; not tracking it",
                    v.deployment().deploymentId(), v.startedAt());
            return;
        }
        apply(v.deployment().slot(), DecisionRules.onStarted(store.get(v.deployment().slot()), v, now),
                RecordMetrics.EVIDENCE);
    }

    private void onResult(PhaseResult r) {
        Instant now = Instant.ofEpochMilli(context().currentSystemTimeMs());
        DecisionStep step = DecisionRules.onResult(store.get(r.deployment().slot()), r, now);
        if (step.decision() != null && r.decidedAt() != null) {
            metrics.decisionLatency(Duration.between(r.decidedAt(), now));
        }
        apply(r.deployment().slot(), step, RecordMetrics.EVIDENCE);
    }

    /**
     * An operator's override, once per override id: applied or refused by {@link OverrideRules},
     * its audit record written in the same transaction as what it changed. (A record keyed by
     * another slot than it names lands in a task without its deployment's state: refused as unknown.)
     */
    private void onOverride(OverrideCommand o) {
        AuditRecord first = overrides.get(o.overrideId());
        if (first != null) {
            // A retried request (or another override under a used id): answered, never applied again.
            metrics.duplicate(CONSUMER);
            AuditRecord repeat = OverrideDecisions.repeat(first, o, Instant.ofEpochMilli(
                    context().currentSystemTimeMs()));
            LOG.info("override {} by {} of {} was audited before ({}); {}", o.overrideId(), o.who(),
                    o.deploymentId(), first.outcome(), o.sameOverrideAs(first.override())
                            ? "answered again, not applied again" : "refused: the id names another override");
            audit(o.slot(), repeat);
            return;
        }
        Instant now = Instant.ofEpochMilli(context().currentSystemTimeMs());
        OverrideDecisions.OverrideStep result = OverrideDecisions.apply(store.get(o.slot()), o, now);
        AuditRecord audit = result.audit();
        if (result.step() != null) {
            apply(o.slot(), result.step(), RecordMetrics.OVERRIDE);
        }
        overrides.put(o.overrideId(), audit);
        metrics.override(o.action().name(), audit.outcome().name().toLowerCase(java.util.Locale.ROOT));
        LOG.info("override {} by {} of {}: {} {}{}", o.overrideId(), o.who(), o.deploymentId(), o.describe(),
                audit.outcome(), audit.refusedBecause() == null ? "" : " (" + audit.refusedBecause() + ")");
        audit(o.slot(), audit);
    }

    private void audit(String slot, AuditRecord audit) {
        context().forward(new Record<>(slot, new Outgoing(Topics.AUDIT.name(), JsonSerde.toBytes(audit)),
                context().currentSystemTimeMs()));
    }

    private void apply(String slot, DecisionStep step, String cause) {
        if (step.ignoredBecause() != null) {
            metrics.ignored(CONSUMER, step.ignoredBecause().startsWith("duplicate")
                    || step.ignoredBecause().contains("already reported") ? "duplicate" : "superseded");
            LOG.info("ignored for {}: {}", slot, step.ignoredBecause());
            return;
        }
        SlotState state = step.state().tracedAs(Tracing.currentTraceparent());
        store.put(slot, state);
        long ts = context().currentSystemTimeMs();
        try (var ignored = DeploymentMdc.of(step.state().deployment(), null);
             var resumed = Tracing.resumeUnlessTraced(state.traceparent());
             var span = step.decision() == null ? null : tracing().span(SPAN, step.state().deployment(), null)) {
            if (step.decision() != null) {
                span.attribute("postflight.decision", step.decision().kind().name());
                metrics.decision(step.decision().kind().name(), step.decision().postPromotion(), cause);
                LOG.info("decision {}{}: {}", step.decision().kind(),
                        step.decision().postPromotion() ? " (post-promotion)" : "", step.decision().reasons());
                context().forward(new Record<>(slot, new Outgoing(Topics.DECISIONS.name(),
                        JsonSerde.toBytes(step.decision())), ts));
            }
            for (Verdict v : step.verdicts()) {
                context().forward(new Record<>(v.deployment().deploymentId(),
                        new Outgoing(Topics.VERDICTS.name(), JsonSerde.toBytes(v)), ts));
            }
            if (step.alert() != null) {
                context().forward(new Record<>(slot, new Outgoing(Topics.ALERTS.name(),
                        JsonSerde.toBytes(step.alert())), ts));
            }
        }
    }

    /** Watchdog: a verification with no decision long after it began gets a HOLD, never a silent pass. */
    private void watchSilence(long nowMillis) {
        Instant now = Instant.ofEpochMilli(nowMillis);
        List<KeyValue<String, SlotState>> silent = new ArrayList<>();
        try (KeyValueIterator<String, SlotState> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (!kv.value.hasDecision() && kv.value.state() != VerdictState.ABORTED
                        && kv.value.startedAt().plus(silenceTimeout).plus(kv.value.extended()).isBefore(now)) {
                    silent.add(kv);
                }
            });
        }
        for (KeyValue<String, SlotState> kv : silent) {
            List<String> missing = kv.value.phases().stream()
                    .filter(p -> !kv.value.outcomes().containsKey(p)).map(Enum::name).toList();
            apply(kv.key, DecisionRules.onSilence(kv.value, now, "no result from phase(s) " + missing
                    + " within " + DurationWords.of(silenceTimeout) + " of the deployment: is the verifier running?"),
                    RecordMetrics.WATCHDOG);
        }
    }
}
