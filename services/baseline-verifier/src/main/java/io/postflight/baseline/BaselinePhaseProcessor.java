package io.postflight.baseline;

import io.micrometer.core.instrument.Timer;
import io.postflight.baseline.BaselineVerification.Stage;
import io.postflight.contracts.Evidence;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Target;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.judge.JudgeVerdict;
import io.postflight.judge.baseline.BaselineJudge;
import io.postflight.kafka.ContractInputs;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
import io.postflight.kafka.PhaseProcessor;
import io.postflight.kafka.PhaseTopology;
import io.postflight.kafka.RecordMetrics;
import io.postflight.metrics.TrafficMetricsProvider;
import io.postflight.runtime.DeploymentMdc;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the baseline phase of every deployment in this task's slots: remembers each verification,
 * starts the phase when the deployment's HEALTH phase passed, then looks at the traffic every look
 * interval until the {@link BaselineJudge} decides, and publishes the BASELINE phase result.
 *
 * <p>Fetches never run on the stream thread: a wall-clock punctuator starts due looks through
 * {@link TrafficLook} (bounded, on the fetch executor) and, on later ticks, judges finished looks.
 * All state changes happen on the stream thread inside Kafka Streams' exactly-once transactions,
 * and the judge is stateless over data re-fetched at each look, so a restart loses only looks in
 * flight. A provider outage never passes a phase: looks that keep failing make it INCONCLUSIVE.
 */
public final class BaselinePhaseProcessor extends PhaseProcessor {
    public static final String STORE = "baseline-verifications";
    private static final Logger LOG = LoggerFactory.getLogger(BaselinePhaseProcessor.class);
    private static final String CONSUMER = "baseline-verifier";
    private static final String PHASE = Phase.BASELINE.name();

    private final BaselineJudge judge;
    private final TrafficLook look;
    private final RecordedVersions recorded;
    private final BaselineLookSchedule schedule;
    private final RecordMetrics metrics;
    private final int windowSteps;
    private final Queue<FinishedLook> finished = new ConcurrentLinkedQueue<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private KeyValueStore<String, BaselineVerification> store;

    public BaselinePhaseProcessor(BaselineJudge judge, TrafficMetricsProvider provider, Executor fetchExecutor,
                                  VersionWatch watch, BaselineLookSchedule schedule, RecordMetrics metrics) {
        super(CONSUMER, metrics);
        this.judge = judge;
        this.look = new TrafficLook(provider, fetchExecutor, schedule.lookTimeout());
        this.recorded = new RecordedVersions(watch);
        this.schedule = schedule;
        this.metrics = metrics;
        this.windowSteps = (int) Math.ceil((double) judge.policy().window().toSeconds() / schedule.stepSeconds());
    }

    /**
     * verifications + phase results (both keyed by slot, so one task sees all of a slot in order) →
     * baseline phase (state store with changelog) → phase results / dead letters.
     */
    public static PhaseTopology topology() {
        return PhaseTopology.named("baseline-phase").reading(Topics.VERIFICATIONS, Topics.PHASE_RESULTS)
                .store(STORE, BaselineVerification.class);
    }

    @Override
    protected void declareInputs(ContractInputs inputs) {
        inputs.on(Topics.VERIFICATIONS, VerificationStarted.class, VerificationStarted.SCHEMA, this::onVerification)
                .on(Topics.PHASE_RESULTS, PhaseResult.class, PhaseResult.SCHEMA, this::onPhaseResult);
    }

    @Override
    protected void start(ProcessorContext<String, Outgoing> context) {
        this.store = context.getStateStore(STORE);
        every(schedule.tick(), this::onTick);
        // After a restart or a rebalance the store is back from the changelog: record its versions again.
        syncWatches();
    }

    private void onVerification(VerificationStarted v) {
        String slot = v.deployment().slot();
        BaselineVerification current = store.get(slot);
        try (var ignored = DeploymentMdc.of(v.deployment(), PHASE)) {
            if (current != null && current.deploymentId().equals(v.deployment().deploymentId())) {
                metrics.duplicate(CONSUMER);
                LOG.info("verification already known; ignoring the re-delivery");
                return;
            }
            if (current != null && current.stage().inProgress()) {
                LOG.info("superseding {} of {}", current.deploymentId(), slot);
            }
            long now = context().currentSystemTimeMs();
            List<Target> previous = current == null ? List.of() : current.targetsOf(v.deployment().previousVersion());
            BaselineVerification b = new BaselineVerification(v, previous, Stage.AWAITING_HEALTH, null,
                    Long.MAX_VALUE, null, 0, null);
            if (!v.phases().contains(Phase.BASELINE)) {
                b = b.concluded(PhaseOutcome.PASSED);
            } else if (!v.phases().contains(Phase.HEALTH)) {
                b = b.started(Instant.ofEpochMilli(now), schedule.firstLookAt(b.deployedAt(), now));
            }
            store.put(slot, b);
            syncWatches();
            LOG.info("deployment of {} noted ({}; previous version {}, {} instance(s) of it announced earlier)",
                    v.deployment().version(), b.stage(), v.deployment().previousVersion(), previous.size());
        }
    }

    private void onPhaseResult(PhaseResult r) {
        if (r.phase() != Phase.HEALTH) {
            return;
        }
        String slot = r.deployment().slot();
        BaselineVerification current = store.get(slot);
        try (var ignored = DeploymentMdc.of(r.deployment(), PHASE)) {
            if (current == null || !current.deploymentId().equals(r.deployment().deploymentId())) {
                metrics.ignored(CONSUMER, "unknown-deployment");
                LOG.info("HEALTH {} of a deployment not (or no longer) verified here", r.outcome());
                return;
            }
            long now = context().currentSystemTimeMs();
            if (r.outcome() == PhaseOutcome.PASSED && current.stage() == Stage.AWAITING_HEALTH) {
                long first = schedule.firstLookAt(current.deployedAt(), now);
                store.put(slot, current.started(Instant.ofEpochMilli(now), first));
                LOG.info("HEALTH passed: baseline phase started, first look in {} ms", first - now);
            } else if (r.outcome() != PhaseOutcome.PASSED
                    && (current.stage() == Stage.AWAITING_HEALTH || current.stage() == Stage.CANDIDATE_KEPT)) {
                // Health failed: the decision engine rolls the candidate back (or holds it).
                store.put(slot, current.concluded(r.outcome()));
                LOG.info("HEALTH {}: no baseline phase for this deployment", r.outcome());
            } else {
                // A re-delivery, or a deployment that runs no baseline phase: nothing changes.
                metrics.ignored(CONSUMER, "not-awaiting-health");
                return;
            }
            syncWatches();
        }
    }

    private void onTick(long nowMillis) {
        for (FinishedLook f; (f = finished.poll()) != null; ) {
            BaselineVerification v = store.get(f.slot());
            if (v == null || !v.deploymentId().equals(f.deploymentId()) || v.stage() != Stage.RUNNING) {
                metrics.ignored(CONSUMER, "superseded-look");
                continue;
            }
            try (var ignored = DeploymentMdc.of(v.deployment(), PHASE)) {
                judgeLook(f.slot(), v, f, nowMillis);
            } catch (RuntimeException e) {
                failedInVerifier(f.slot(), v, e, nowMillis);
            }
        }
        List<KeyValue<String, BaselineVerification>> due = new ArrayList<>();
        try (KeyValueIterator<String, BaselineVerification> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.stage() == Stage.RUNNING && kv.value.nextLookAtMillis() <= nowMillis
                        && !inFlight.contains(lookKey(kv.key, kv.value))) {
                    due.add(kv);
                }
            });
        }
        for (KeyValue<String, BaselineVerification> kv : due) {
            try {
                startLook(kv.key, kv.value, nowMillis);
            } catch (RuntimeException e) {
                inFlight.remove(lookKey(kv.key, kv.value));
                failedInVerifier(kv.key, kv.value, e, nowMillis);
            }
        }
    }

    /** One verification threw in the verifier: it alone ends INCONCLUSIVE with the reason (a throw would stop the thread). */
    private void failedInVerifier(String slot, BaselineVerification v, RuntimeException e, long nowMillis) {
        try (var ignored = DeploymentMdc.of(v.deployment(), PHASE)) {
            LOG.error("baseline verification failed in the verifier; ending it inconclusive", e);
            metrics.ignored(CONSUMER, "verification-error");
            conclude(slot, v, PhaseOutcome.INCONCLUSIVE, "the verifier failed on this verification: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), List.of(),
                    Instant.ofEpochMilli(nowMillis));
        }
    }

    private void startLook(String slot, BaselineVerification v, long nowMillis) {
        long start = schedule.candidateStartSeconds(v.deployedAt());
        long end = schedule.dataEndSeconds(nowMillis);
        if (end <= start) {
            // Not one complete step of the candidate yet.
            store.put(slot, v.postponed(nowMillis + schedule.lookInterval().toMillis()));
            return;
        }
        String key = lookKey(slot, v);
        inFlight.add(key);
        long began = System.nanoTime();
        look.fetch(v.deployment(), start, end, schedule.step(), windowSteps).whenComplete((data, error) -> {
            Timer.builder("postflight.baseline.look.latency").description("time to fetch one look's traffic")
                    .tag("provider", look.providerName()).tag("outcome", error == null ? "ok" : "failed")
                    .register(metrics.registry()).record(Duration.ofNanos(System.nanoTime() - began));
            finished.add(new FinishedLook(slot, v.deploymentId(), nowMillis, data, error == null ? null
                    : TrafficLook.message(error)));
            inFlight.remove(key);
        });
    }

    private void judgeLook(String slot, BaselineVerification v, FinishedLook f, long nowMillis) {
        Instant now = Instant.ofEpochMilli(nowMillis);
        // Looks keep their rhythm however long each one took.
        long next = Math.max(f.startedAtMillis() + schedule.lookInterval().toMillis(), nowMillis);
        boolean pastDeadline = nowMillis >= schedule.deadlineMillis(v.deployedAt());
        JudgeVerdict verdict = null;
        String failure = f.failure();
        if (failure == null) {
            try {
                TrafficLook.Data d = f.data();
                verdict = judge.evaluate(d.candidate(), d.baseline(), d.control(), d.dataEndSeconds());
            } catch (IllegalArgumentException e) {
                failure = "traffic not comparable: " + e.getMessage();
            }
        }
        if (failure != null) {
            BaselineVerification failed = v.failed(now, failure, next);
            LOG.warn("look failed ({} in a row): {}", failed.failedLooks(), failure);
            if (failed.failedLooks() >= schedule.maxFailedLooks() || pastDeadline) {
                conclude(slot, failed, PhaseOutcome.INCONCLUSIVE, "metrics unavailable: " + failure,
                        List.of(PhaseEvidence.outage(look.providerName(), failed, schedule.maxFailedLooks())), now);
            } else {
                store.put(slot, failed);
            }
            return;
        }
        List<Evidence> evidence = PhaseEvidence.fromProvider(verdict.evidence(), look.providerName());
        if (verdict.status().isFinal()) {
            conclude(slot, v.looked(now, next), verdict.status().toOutcome(), verdict.summary(), evidence, now);
        } else if (pastDeadline) {
            conclude(slot, v.looked(now, next), PhaseOutcome.INCONCLUSIVE, "no verdict within "
                    + schedule.phaseEnd().toSeconds() + " s of the deployment: " + verdict.summary(), evidence, now);
        } else {
            store.put(slot, v.looked(now, next));
            LOG.debug("{}", verdict.summary());
        }
    }

    private void conclude(String slot, BaselineVerification v, PhaseOutcome outcome, String summary,
                          List<Evidence> evidence, Instant now) {
        VerificationStarted s = v.verification();
        PhaseResult result = new PhaseResult(PhaseResult.SCHEMA, s.deployment(), Phase.BASELINE, outcome, summary,
                evidence, v.phaseStartedAt(), now, s.deployEvent());
        LOG.info("baseline phase {}: {}", outcome, summary);
        metrics.phaseResult(PHASE, outcome.name());
        context().forward(new Record<>(slot, new Outgoing(Topics.PHASE_RESULTS.name(), JsonSerde.toBytes(result)),
                now.toEpochMilli()));
        store.put(slot, v.concluded(outcome));
        syncWatches();
    }

    /** Tells the watch which versions this task's slots need recorded now, and which no longer. */
    private void syncWatches() {
        List<BaselineVerification> records = new ArrayList<>();
        try (KeyValueIterator<String, BaselineVerification> it = store.all()) {
            it.forEachRemaining(kv -> records.add(kv.value));
        }
        recorded.sync(records);
    }

    @Override
    public void close() {
        recorded.clear();
    }

    private static String lookKey(String slot, BaselineVerification v) {
        return slot + "#" + v.deploymentId();
    }

    private record FinishedLook(String slot, String deploymentId, long startedAtMillis, TrafficLook.Data data,
                                String failure) {
    }
}
