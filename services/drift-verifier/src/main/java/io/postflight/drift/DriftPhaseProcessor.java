package io.postflight.drift;

import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.drift.DriftWatch.Stage;
import io.postflight.kafka.AppliedOverrides;
import io.postflight.kafka.ContractInputs;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
import io.postflight.kafka.PhaseExtension;
import io.postflight.kafka.PhaseProcessor;
import io.postflight.kafka.PhaseTopology;
import io.postflight.kafka.RecordMetrics;
import io.postflight.metrics.ResourceSeries;
import io.postflight.runtime.DeploymentMdc;
import io.postflight.tracing.Tracing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the drift phase of every promoted deployment in this task's slots.
 *
 * <p>A verification planning a drift phase is remembered; its PROMOTE decision starts the phase
 * clock; a newer verification of the slot supersedes it. A wall-clock punctuator then, at each
 * tick: starts the sample queries that are due through the {@link SampleFetcher} (never on the
 * stream thread, at most one per deployment in flight; see {@link SampleCollector}), folds
 * finished ones into the stores (on the stream thread, inside Kafka Streams' exactly-once
 * transactions), and lets the {@link DriftLookSchedule} make each scheduled look. So a restart loses
 * only queries in flight:
 * the samples and the phase clock are in the stores, and the queries start again where the
 * stored samples end (a Prometheus provider fills in the time the service was down).
 */
public final class DriftPhaseProcessor extends PhaseProcessor {
    public static final String WATCHES = "drift-watches";
    public static final String SAMPLES = "drift-samples";
    static final String CONSUMER = "drift-verifier";
    private static final Logger LOG = LoggerFactory.getLogger(DriftPhaseProcessor.class);

    private final DriftConfig config;
    private final DriftLookSchedule looks;
    private final SampleCollector collector;
    private final DriftWatchListener listener;
    /** Span of one look of the drift judge. */
    public static final String LOOK_SPAN = "postflight.drift.look";
    /** Span of the phase result. */
    public static final String RESULT_SPAN = "postflight.phase.result";
    private final RecordMetrics metrics;
    private final Map<String, DriftWatch> announced = new HashMap<>();
    private KeyValueStore<String, DriftWatch> watches;
    private DriftSamples samples;

    public DriftPhaseProcessor(DriftConfig config, DriftLookSchedule looks, SampleFetcher fetcher,
                               DriftWatchListener listener, RecordMetrics metrics) {
        this(config, looks, fetcher, listener, metrics, Tracing.off());
    }

    /** @param tracing spans per look and per phase result, in each verification's trace (ADR 0026) */
    public DriftPhaseProcessor(DriftConfig config, DriftLookSchedule looks, SampleFetcher fetcher,
                               DriftWatchListener listener, RecordMetrics metrics, Tracing tracing) {
        super(CONSUMER, metrics, tracing);
        this.config = config;
        this.looks = looks;
        this.collector = new SampleCollector(config, fetcher, metrics);
        this.listener = listener;
        this.metrics = metrics;
    }

    /**
     * verifications + decisions + the decision engine's audit records → drift phase (two state stores
     * with changelogs: the watches and their samples) → phase results / dead letters. All inputs are
     * keyed by slot and read by one source, so one task sees a slot's verification before its PROMOTE
     * and an applied override where the slot's watch is.
     */
    public static PhaseTopology topology() {
        return PhaseTopology.named("drift-phase").reading(Topics.VERIFICATIONS, Topics.DECISIONS, Topics.AUDIT)
                .store(WATCHES, DriftWatch.class).store(SAMPLES, ResourceSeries.class);
    }

    @Override
    protected void declareInputs(ContractInputs inputs) {
        inputs.on(Topics.VERIFICATIONS, VerificationStarted.class, VerificationStarted.SCHEMA, this::onVerification)
                .on(Topics.DECISIONS, Decision.class, Decision.SCHEMA, this::onDecision);
        AppliedOverrides.of(Phase.DRIFT, this::onAbort, this::onExtend).declareOn(inputs);
    }

    /** The slot's watch if it is {@code o}'s deployment and not finished, else null (counted). */
    private DriftWatch unfinished(OverrideCommand o) {
        DriftWatch w = watches.get(o.slot());
        if (w == null || !w.deploymentId().equals(o.deploymentId()) || w.stage() == Stage.FINISHED) {
            metrics.ignored(CONSUMER, "not-watching");
            return null;
        }
        return w;
    }

    /**
     * An ABORT the decision engine applied to this slot's deployment (before its decision, so the
     * watch is still awaiting promotion): the watch ends without a result, its samples are dropped.
     */
    private void onAbort(OverrideCommand o) {
        DriftWatch w = unfinished(o);
        if (w == null) {
            return;
        }
        try (var ignored = DeploymentMdc.of(w.deployment(), Phase.DRIFT.name())) {
            forget(o.slot(), w);
            watches.put(o.slot(), w.aborted());
            metrics.ignored(CONSUMER, "aborted");
            LOG.info("aborted by {} ({}, override {}): no drift phase, no result", o.who(), o.reason(), o.overrideId());
        }
    }

    /**
     * An EXTEND of DRIFT the decision engine applied, before or after the PROMOTE: the watch runs
     * that much longer (its samples, looks and last look), once per override id.
     */
    private void onExtend(OverrideCommand o) {
        DriftWatch w = unfinished(o);
        if (w == null) {
            return;
        }
        PhaseExtension before = PhaseExtension.orNone(w.extension());
        if (before.counts(o.overrideId())) {
            metrics.duplicate(CONSUMER);
            return;
        }
        DriftWatch extended = w.extended(before.plus(o));
        watches.put(o.slot(), extended);
        try (var ignored = DeploymentMdc.of(w.deployment(), Phase.DRIFT.name())) {
            LOG.info("extended by {} by {} ({}, override {}): watched for {} in all", o.extendBy(), o.who(),
                    o.reason(), o.overrideId(), phaseLength(extended));
        }
    }

    /** How long {@code w} is watched: the configured phase, plus its extensions. */
    private Duration phaseLength(DriftWatch w) {
        return config.phaseLength().plus(w.extendedBy());
    }

    @Override
    protected void start(ProcessorContext<String, Outgoing> context) {
        this.watches = context.getStateStore(WATCHES);
        this.samples = new DriftSamples(context.getStateStore(SAMPLES));
        every(config.tick(), this::onTick);
    }

    private void onVerification(VerificationStarted v) {
        String slot = v.deployment().slot();
        DriftWatch current = watches.get(slot);
        try (var ignored = DeploymentMdc.of(v.deployment(), Phase.DRIFT.name())) {
            if (current != null && current.deploymentId().equals(v.deployment().deploymentId())) {
                metrics.duplicate(CONSUMER);
                LOG.info("verification already known; ignoring the re-delivery");
                return;
            }
            if (current != null) {
                forget(slot, current);
                if (current.stage() == Stage.WATCHING) {
                    metrics.ignored(CONSUMER, "superseded");
                    LOG.info("stopped watching {} of {}: superseded by {}", current.deploymentId(), slot,
                            v.deployment().deploymentId());
                }
            }
            if (!v.phases().contains(Phase.DRIFT)) {
                watches.delete(slot);
                return;
            }
            watches.put(slot, DriftWatch.awaitingPromotion(v, Tracing.currentTraceparent()));
        }
    }

    private void onDecision(Decision d) {
        if (d.kind() != DecisionKind.PROMOTE) {
            return;
        }
        String slot = d.deployment().slot();
        DriftWatch w = watches.get(slot);
        try (var ignored = DeploymentMdc.of(d.deployment(), Phase.DRIFT.name())) {
            if (w == null || !w.deploymentId().equals(d.deployment().deploymentId())) {
                metrics.ignored(CONSUMER, "not-awaiting-drift");
                LOG.info("PROMOTE of a deployment with no drift phase planned, or superseded: nothing to watch");
                return;
            }
            if (w.stage() != Stage.AWAITING_PROMOTION) {
                metrics.duplicate(CONSUMER);
                LOG.info("drift phase already {}; ignoring the re-delivered PROMOTE", w.stage());
                return;
            }
            long now = context().currentSystemTimeMs();
            // The phase clock starts at the decision (in whole seconds, the judge's unit), not when this
            // service got to it: a verifier that was down catches up on the samples it missed.
            long decided = d.decidedAt() == null ? now : Math.min(d.decidedAt().toEpochMilli(), now);
            Instant start = Instant.ofEpochSecond(Math.floorDiv(decided, 1000));
            if (start.plus(phaseLength(w)).toEpochMilli() <= now) {
                metrics.ignored(CONSUMER, "stale-promote");
                LOG.warn("PROMOTE of {} is older than the drift phase ({}): not watching", start, phaseLength(w));
                watches.delete(slot);
                return;
            }
            DriftWatch started = w.promoted(start);
            watches.put(slot, started);
            announce(slot, started);
            LOG.info("drift phase started: watching version {} for {}", d.deployment().version(),
                    phaseLength(w));
        }
    }

    private void onTick(long nowMillis) {
        List<KeyValue<String, DriftWatch>> watching = new ArrayList<>();
        try (KeyValueIterator<String, DriftWatch> it = watches.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.stage() == Stage.WATCHING) {
                    watching.add(kv);
                }
            });
        }
        for (KeyValue<String, DriftWatch> kv : watching) {
            try {
                announce(kv.key, kv.value);
                collector.startDue(kv.key, kv.value, nowMillis);
            } catch (RuntimeException e) {
                failedInVerifier(kv.key, kv.value, e, nowMillis);
            }
        }
        collector.foldFinished(nowMillis, watches, samples);
        for (KeyValue<String, DriftWatch> kv : watching) {
            DriftWatch w = watches.get(kv.key);
            if (w != null && w.stage() == Stage.WATCHING) {
                try {
                    judge(kv.key, w, nowMillis);
                } catch (RuntimeException e) {
                    failedInVerifier(kv.key, w, e, nowMillis);
                }
            }
        }
    }

    /** One watch threw in the verifier: it alone ends INCONCLUSIVE with the reason (a throw would stop the thread). */
    private void failedInVerifier(String slot, DriftWatch w, RuntimeException e, long nowMillis) {
        Instant now = Instant.ofEpochMilli(nowMillis);
        PhaseResult result = new PhaseResult(PhaseResult.SCHEMA, w.deployment(), Phase.DRIFT, PhaseOutcome.INCONCLUSIVE,
                verifierFailure(e), List.of(),
                w.phaseStart() == null ? now : w.phaseStart(), now, w.verification().deployEvent());
        try (var ignored = DeploymentMdc.of(w.deployment(), Phase.DRIFT.name())) {
            LOG.error("drift watch failed in the verifier; ending it inconclusive", e);
        }
        metrics.phaseResult(Phase.DRIFT.name(), result.outcome().name());
        publish(slot, w, result, nowMillis);
        try {
            forget(slot, w);
        } catch (RuntimeException again) {
            LOG.warn("releasing the drift watch of {} failed", w.deploymentId(), again);
        }
        watches.put(slot, w.finished(PhaseOutcome.INCONCLUSIVE));
    }

    private void judge(String slot, DriftWatch w, long nowMillis) {
        DriftLookSchedule.Look look = looks.due(w, nowMillis);
        if (look == null) {
            return;
        }
        ResourceSeries candidate = samples.candidate(slot, w.deploymentId(), w.phaseStart().getEpochSecond(),
                (int) config.sampleInterval().toSeconds(), w.samples(), w.memoryLimitBytes());
        ResourceSeries baseline = w.baseline() == DriftWatch.BaselineStatus.STORED
                ? samples.baseline(slot, w.deploymentId()) : null;
        PhaseResult result;
        try (var resumed = Tracing.resume(w.traceparent());
             var span = tracing().span(LOOK_SPAN, w.deployment(), Phase.DRIFT.name())) {
            result = looks.judge(w, look, candidate, baseline, Instant.ofEpochMilli(nowMillis),
                    collector.providerName());
            if (result == null) {
                watches.put(slot, w.judged(look.epochSecond()));
                return;
            }
            try (var ignored = DeploymentMdc.of(w.deployment(), Phase.DRIFT.name())) {
                LOG.info("drift phase {}: {}", result.outcome(), result.summary());
            }
            metrics.phaseResult(Phase.DRIFT.name(), result.outcome().name());
            publish(slot, w, result, nowMillis);
        }
        forget(slot, w);
        watches.put(slot, w.judged(look.epochSecond()).finished(result.outcome()));
    }

    /** Writes the phase result in its own span, in the verification's trace. */
    private void publish(String slot, DriftWatch w, PhaseResult result, long nowMillis) {
        try (var resumed = Tracing.resumeUnlessTraced(w.traceparent());
             var span = tracing().span(RESULT_SPAN, w.deployment(), Phase.DRIFT.name())) {
            span.attribute("postflight.outcome", result.outcome().name());
            context().forward(new Record<>(slot, new Outgoing(Topics.PHASE_RESULTS.name(),
                    JsonSerde.toBytes(result)), nowMillis));
        }
    }

    /** Drops a watch's samples and stops its provider-side work (superseded or finished). */
    private void forget(String slot, DriftWatch w) {
        collector.forget(slot, w.deploymentId());
        if (w.stage() == Stage.WATCHING) {
            samples.delete(slot, w.deploymentId(), w.samples());
            unannounce(slot, w);
        }
    }

    private void announce(String slot, DriftWatch w) {
        DriftWatch known = announced.get(slot);
        if (known == null || !known.deploymentId().equals(w.deploymentId())) {
            listener.watching(w.deployment(), w.verification().targets());
            announced.put(slot, w);
        }
    }

    private void unannounce(String slot, DriftWatch w) {
        announced.remove(slot);
        listener.stopped(w.deployment());
    }

    @Override
    public void close() {
        // The task is closing or moving: whoever runs it next announces its watches again.
        announced.values().forEach(w -> listener.stopped(w.deployment()));
        announced.clear();
    }
}
