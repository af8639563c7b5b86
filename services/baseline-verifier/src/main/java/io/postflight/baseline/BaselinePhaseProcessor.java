package io.postflight.baseline;

import io.postflight.baseline.BaselineVerification.Stage;
import io.postflight.contracts.Evidence;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Target;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.judge.DurationWords;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.judge.baseline.BaselineJudge;
import io.postflight.judge.baseline.BaselinePolicy;
import io.postflight.judge.baseline.FastChecks;
import io.postflight.judge.schedule.BaselineSchedule;
import io.postflight.judge.schedule.FastCheckSchedule;
import io.postflight.kafka.AppliedOverrides;
import io.postflight.kafka.ContractInputs;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
import io.postflight.kafka.PhaseExtension;
import io.postflight.kafka.PhaseProcessor;
import io.postflight.kafka.PhaseTopology;
import io.postflight.kafka.RecordMetrics;
import io.postflight.metrics.CheckMetricsProvider;
import io.postflight.metrics.TrafficMetricsProvider;
import io.postflight.runtime.DeploymentMdc;
import io.postflight.tracing.Tracing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * runs the {@link FastChecks} on short steps from the first minute after the deployment (whether
 * or not HEALTH has finished), starts the statistical looks when the deployment's HEALTH phase
 * passed, looks at the traffic every look interval until the {@link BaselineJudge} decides (an
 * INCONCLUSIVE window is extended up to the schedule's maximum), and publishes the BASELINE phase
 * result. The times come from the {@link BaselineSchedule} the backtest replays. Each
 * verification is judged under the policy it carries ({@link BaselineParameters}: its tolerances,
 * minimum traffic, window and maximum extension over the configured ones).
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
    /** Span of one statistical look, judged on the stream thread. */
    public static final String LOOK_SPAN = "postflight.baseline.look";
    /** Span of one fast check. */
    public static final String FAST_CHECK_SPAN = "postflight.baseline.fast-check";
    /** Span of the phase result. */
    public static final String RESULT_SPAN = "postflight.phase.result";

    private final BaselineParameters parameters;
    /** The configured judge: its throughput check; each look's judge carries the verification's policy. */
    private final BaselineJudge judge;
    private final FastChecks fastChecks;
    private final LookFetches fetches;
    private final RecordedVersions recorded;
    private final BaselineLookSchedule schedule;
    private final RecordMetrics metrics;
    private KeyValueStore<String, BaselineVerification> store;

    public BaselinePhaseProcessor(BaselineJudge judge, FastChecks fastChecks, TrafficMetricsProvider provider,
                                  Executor fetchExecutor, VersionWatch watch, BaselineLookSchedule schedule,
                                  RecordMetrics metrics) {
        this(judge, fastChecks, provider, fetchExecutor, watch, schedule, metrics, Tracing.off());
    }

    /** @param tracing spans per look and per phase result, in each verification's trace (ADR 0026) */
    public BaselinePhaseProcessor(BaselineJudge judge, FastChecks fastChecks, TrafficMetricsProvider provider,
                                  Executor fetchExecutor, VersionWatch watch, BaselineLookSchedule schedule,
                                  RecordMetrics metrics, Tracing tracing) {
        this(judge, fastChecks, provider, null, BaselineChecks.none(), fetchExecutor, watch, schedule, metrics,
                tracing);
    }

    /**
     * @param checkProvider where the custom checks' series come from ({@code null}: no custom checks)
     * @param checks the custom checks each look fetches and judges beside error rate and latency
     */
    public BaselinePhaseProcessor(BaselineJudge judge, FastChecks fastChecks, TrafficMetricsProvider provider,
                                  CheckMetricsProvider checkProvider, BaselineChecks checks, Executor fetchExecutor,
                                  VersionWatch watch, BaselineLookSchedule schedule, RecordMetrics metrics,
                                  Tracing tracing) {
        super(CONSUMER, metrics, tracing);
        this.judge = judge;
        this.parameters = new BaselineParameters(judge.policy(), schedule.timing());
        this.fastChecks = fastChecks;
        this.fetches = new LookFetches(new TrafficLook(provider, checkProvider, checks, fetchExecutor,
                schedule.lookTimeout()), metrics);
        this.recorded = new RecordedVersions(watch);
        this.schedule = schedule;
        this.metrics = metrics;
    }

    /**
     * verifications + phase results + the decision engine's audit records (all keyed by slot, so one
     * task sees all of a slot in order) → baseline phase (state store with changelog) → phase
     * results / dead letters.
     */
    public static PhaseTopology topology() {
        return PhaseTopology.named("baseline-phase").reading(Topics.VERIFICATIONS, Topics.PHASE_RESULTS, Topics.AUDIT)
                .store(STORE, BaselineVerification.class);
    }

    @Override
    protected void declareInputs(ContractInputs inputs) {
        inputs.on(Topics.VERIFICATIONS, VerificationStarted.class, VerificationStarted.SCHEMA, this::onVerification)
                .on(Topics.PHASE_RESULTS, PhaseResult.class, PhaseResult.SCHEMA, this::onPhaseResult);
        AppliedOverrides.of(Phase.BASELINE, this::onAbort, this::onExtend).declareOn(inputs);
    }

    /** The slot's verification if it is {@code o}'s deployment and its phase has not ended, else null (counted). */
    private BaselineVerification inProgress(OverrideCommand o) {
        BaselineVerification current = store.get(o.slot());
        if (current == null || !current.deploymentId().equals(o.deploymentId()) || !current.stage().inProgress()) {
            metrics.ignored(CONSUMER, "not-verifying");
            return null;
        }
        return current;
    }

    /**
     * An ABORT the decision engine applied to this slot's deployment: its phase stops (looks and fast
     * checks in flight are ignored when they finish) and no result follows.
     */
    private void onAbort(OverrideCommand o) {
        BaselineVerification current = inProgress(o);
        if (current == null) {
            return;
        }
        try (var ignored = DeploymentMdc.of(current.deployment(), PHASE)) {
            store.put(o.slot(), current.aborted());
            syncWatches();
            metrics.ignored(CONSUMER, "aborted");
            LOG.info("aborted by {} ({}, override {}): no more looks, no result", o.who(), o.reason(), o.overrideId());
        }
    }

    /** An EXTEND of BASELINE the decision engine applied: the phase's end and last look move, once per override id. */
    private void onExtend(OverrideCommand o) {
        BaselineVerification current = inProgress(o);
        if (current == null) {
            return;
        }
        PhaseExtension before = PhaseExtension.orNone(current.extension());
        if (before.counts(o.overrideId())) {
            metrics.duplicate(CONSUMER);
            return;
        }
        BaselineVerification extended = current.extended(before.plus(o));
        store.put(o.slot(), extended);
        try (var ignored = DeploymentMdc.of(current.deployment(), PHASE)) {
            LOG.info("extended by {} by {} ({}, override {}): the last look is now due by {}", o.extendBy(), o.who(),
                    o.reason(), o.overrideId(),
                    Instant.ofEpochMilli(timing(extended).finalDeadlineMillis(extended.deployedAt())));
        }
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
            // The verification's trace, kept for the looks and the result to join later.
            BaselineVerification b = new BaselineVerification(v, previous, Stage.AWAITING_HEALTH, null,
                    Long.MAX_VALUE, null, 0, null, Long.MAX_VALUE, Tracing.currentTraceparent());
            b = b.fastCheckDue(schedule.fastChecks().firstCheckAt(b.deployedAt()));
            if (!v.phases().contains(Phase.BASELINE)) {
                b = b.concluded(PhaseOutcome.PASSED);
            } else if (!v.phases().contains(Phase.HEALTH)) {
                b = b.started(Instant.ofEpochMilli(now), timing(b).firstLookAt(b.deployedAt(), now));
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
                long first = timing(current).firstLookAt(current.deployedAt(), now);
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
        for (LookFetches.Finished f; (f = fetches.poll()) != null; ) {
            BaselineVerification v = store.get(f.slot());
            if (v == null || !v.deploymentId().equals(f.deploymentId()) || !v.stage().inProgress()
                    || (!f.fast() && v.stage() != Stage.RUNNING)) {
                metrics.ignored(CONSUMER, "superseded-look");
                continue;
            }
            try (var ignored = DeploymentMdc.of(v.deployment(), PHASE);
                 var resumed = Tracing.resume(v.traceparent());
                 var span = tracing().span(f.fast() ? FAST_CHECK_SPAN : LOOK_SPAN, v.deployment(), PHASE)) {
                if (f.fast()) {
                    judgeFastCheck(f.slot(), v, f, nowMillis);
                } else {
                    judgeLook(f.slot(), v, f, nowMillis);
                }
            } catch (RuntimeException e) {
                failedInVerifier(f.slot(), v, e, nowMillis);
            }
        }
        List<KeyValue<String, BaselineVerification>> looks = new ArrayList<>();
        List<KeyValue<String, BaselineVerification>> checks = new ArrayList<>();
        try (KeyValueIterator<String, BaselineVerification> it = store.all()) {
            it.forEachRemaining(kv -> {
                BaselineVerification v = kv.value;
                if (v.stage() == Stage.RUNNING && v.nextLookAtMillis() <= nowMillis
                        && !fetches.inFlight(kv.key, v, false)) {
                    looks.add(kv);
                }
                if (v.stage().inProgress() && v.nextFastCheckAtMillis() <= nowMillis
                        && schedule.fastChecks().runsAt(v.deployedAt(), nowMillis)
                        && !fetches.inFlight(kv.key, v, true)) {
                    checks.add(kv);
                }
            });
        }
        for (KeyValue<String, BaselineVerification> kv : looks) {
            startIsolated(kv.key, kv.value, nowMillis, false);
        }
        for (KeyValue<String, BaselineVerification> kv : checks) {
            BaselineVerification v = store.get(kv.key);
            if (v != null) {
                startIsolated(kv.key, v, nowMillis, true);
            }
        }
    }

    /** Starts a look or fast check; a throw ends that verification alone (a throw would stop the thread). */
    private void startIsolated(String slot, BaselineVerification v, long nowMillis, boolean fast) {
        try {
            if (fast) {
                startFastCheck(slot, v, nowMillis);
            } else {
                startLook(slot, v, nowMillis);
            }
        } catch (RuntimeException e) {
            fetches.forget(slot, v, fast);
            failedInVerifier(slot, v, e, nowMillis);
        }
    }

    /** One verification threw in the verifier: it alone ends INCONCLUSIVE with the reason (a throw would stop the thread). */
    private void failedInVerifier(String slot, BaselineVerification v, RuntimeException e, long nowMillis) {
        try (var ignored = DeploymentMdc.of(v.deployment(), PHASE)) {
            LOG.error("baseline verification failed in the verifier; ending it inconclusive", e);
            metrics.ignored(CONSUMER, "verification-error");
            conclude(slot, v, PhaseOutcome.INCONCLUSIVE, verifierFailure(e), List.of(),
                    Instant.ofEpochMilli(nowMillis));
        }
    }

    /**
     * The phase's timing under the verification's policy (its window and maximum extension), its
     * end moved by the operators' EXTENDs.
     */
    private BaselineSchedule timing(BaselineVerification v) {
        return parameters.timing(v.verification().policy(), v.extendedBy());
    }

    /** The judge's parameters under the verification's policy (its tolerances, minimum traffic, window). */
    private BaselinePolicy judgePolicy(BaselineVerification v) {
        return parameters.judgePolicy(v.verification().policy());
    }

    private void startLook(String slot, BaselineVerification v, long nowMillis) {
        BaselineSchedule timing = timing(v);
        long start = timing.candidateStartSeconds(v.deployedAt());
        long end = timing.dataEndSeconds(nowMillis);
        if (end <= start) {
            // Not one complete step of the candidate yet.
            store.put(slot, v.postponed(nowMillis + schedule.lookInterval().toMillis()));
            return;
        }
        Duration window = timing.judgedWindow(judgePolicy(v).window(), v.deployedAt(), end);
        fetches.start(slot, v, nowMillis, false, start, end, schedule.step(), window);
    }

    private void startFastCheck(String slot, BaselineVerification v, long nowMillis) {
        FastCheckSchedule fast = schedule.fastChecks();
        long start = fast.candidateStartSeconds(v.deployedAt());
        long end = fast.dataEndSeconds(nowMillis);
        if (end <= start) {
            store.put(slot, v.fastCheckDue(nowMillis + fast.interval().toMillis()));
            return;
        }
        fetches.start(slot, v, nowMillis, true, start, end, fast.step(), judgePolicy(v).window());
    }

    /** A fast check: FAILED ends the phase at once; anything else waits for the next one. */
    private void judgeFastCheck(String slot, BaselineVerification v, LookFetches.Finished f, long nowMillis) {
        long next = schedule.fastChecks().nextCheckAt(f.startedAtMillis(), nowMillis);
        if (f.failure() != null) {
            // An outage is the statistical looks' business (they count it); fast checks just try again.
            LOG.debug("fast check could not fetch: {}", f.failure());
            store.put(slot, v.fastCheckDue(next));
            return;
        }
        JudgeVerdict verdict;
        try {
            TrafficLook.Data d = f.data();
            verdict = fastChecks.evaluate(d.candidate(), d.baseline(), d.control(), d.dataEndSeconds());
        } catch (IllegalArgumentException e) {
            LOG.debug("fast check skipped, traffic not comparable: {}", e.getMessage());
            store.put(slot, v.fastCheckDue(next));
            return;
        }
        if (verdict.status() == JudgeStatus.FAILED) {
            conclude(slot, v, PhaseOutcome.FAILED, verdict.summary(),
                    PhaseEvidence.fromProvider(verdict.evidence(), fetches.providerName()), Instant.ofEpochMilli(nowMillis));
        } else {
            store.put(slot, v.fastCheckDue(next));
        }
    }

    private void judgeLook(String slot, BaselineVerification v, LookFetches.Finished f, long nowMillis) {
        BaselineSchedule timing = timing(v);
        BaselinePolicy policy = judgePolicy(v);
        Instant now = Instant.ofEpochMilli(nowMillis);
        long next = timing.nextLookAt(f.startedAtMillis(), nowMillis);
        boolean pastDeadline = nowMillis >= timing.finalDeadlineMillis(v.deployedAt());
        JudgeVerdict verdict = null;
        String failure = f.failure();
        if (failure == null) {
            try {
                TrafficLook.Data d = f.data();
                BaselineJudge j = judge.with(policy).extendedTo(f.window());
                verdict = j.evaluate(d.candidate(), d.baseline(), d.control(), d.dataEndSeconds(), d.starvedSteps(),
                        d.checks());
            } catch (IllegalArgumentException e) {
                failure = "traffic not comparable: " + e.getMessage();
            }
        }
        if (failure != null) {
            BaselineVerification failed = v.failed(now, failure, next);
            LOG.warn("look failed ({} in a row): {}", failed.failedLooks(), failure);
            if (failed.failedLooks() >= schedule.maxFailedLooks() || pastDeadline) {
                conclude(slot, failed, PhaseOutcome.INCONCLUSIVE, "metrics unavailable: " + failure,
                        List.of(PhaseEvidence.outage(fetches.providerName(), failed, schedule.maxFailedLooks())), now);
            } else {
                store.put(slot, failed);
            }
            return;
        }
        List<Evidence> evidence = PhaseEvidence.fromProvider(verdict.evidence(), fetches.providerName());
        JudgeStatus status = verdict.status();
        if (timing.keepsLooking(status, v.deployedAt(), nowMillis)) {
            store.put(slot, v.looked(now, next));
            if (status == JudgeStatus.INCONCLUSIVE) {
                LOG.info("inconclusive over {}, looking on until {}: {}", DurationWords.of(f.window()),
                        Instant.ofEpochMilli(timing.finalDeadlineMillis(v.deployedAt())), verdict.summary());
            } else {
                LOG.debug("{}", verdict.summary());
            }
        } else if (status.isFinal()) {
            String summary = status == JudgeStatus.INCONCLUSIVE && f.window().compareTo(policy.window()) > 0
                    ? verdict.summary() + " (window extended to " + DurationWords.of(f.window()) + ")" : verdict.summary();
            conclude(slot, v.looked(now, next), status.toOutcome(), summary, evidence, now);
        } else {
            conclude(slot, v.looked(now, next), PhaseOutcome.INCONCLUSIVE, "no verdict within "
                    + timing.phaseEnd().toSeconds() + " s of the deployment: " + verdict.summary(), evidence, now);
        }
    }

    private void conclude(String slot, BaselineVerification v, PhaseOutcome outcome, String summary,
                          List<Evidence> evidence, Instant now) {
        VerificationStarted s = v.verification();
        // A fast check can end the phase before HEALTH passed: it began with the deployment.
        Instant startedAt = v.phaseStartedAt() != null ? v.phaseStartedAt() : v.deployedAt();
        PhaseResult result = new PhaseResult(PhaseResult.SCHEMA, s.deployment(), Phase.BASELINE, outcome, summary,
                evidence, startedAt, now, s.deployEvent());
        LOG.info("baseline phase {}: {}", outcome, summary);
        metrics.phaseResult(PHASE, outcome.name());
        try (var resumed = Tracing.resumeUnlessTraced(v.traceparent());
             var span = tracing().span(RESULT_SPAN, s.deployment(), PHASE)) {
            span.attribute("postflight.outcome", outcome.name());
            context().forward(new Record<>(slot, new Outgoing(Topics.PHASE_RESULTS.name(), JsonSerde.toBytes(result)),
                    now.toEpochMilli()));
        }
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
}
