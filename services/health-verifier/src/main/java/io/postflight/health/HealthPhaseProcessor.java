package io.postflight.health;

import io.micrometer.core.instrument.Timer;
import io.postflight.contracts.Evidence;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Target;
import io.postflight.contracts.TargetsChanged;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.judge.health.HealthJudge;
import io.postflight.judge.health.HealthPolicy;
import io.postflight.judge.health.HealthTracker;
import io.postflight.judge.health.ProbeObservation;
import io.postflight.kafka.AppliedOverrides;
import io.postflight.kafka.ContractInputs;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
import io.postflight.kafka.PhaseExtension;
import io.postflight.kafka.PhaseProcessor;
import io.postflight.kafka.PhaseTopology;
import io.postflight.kafka.RecordMetrics;
import io.postflight.runtime.DeploymentMdc;
import io.postflight.tracing.Tracing;
import io.postflight.targets.TargetPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the health phase of every deployment in this task's slots.
 *
 * <p>Probes never run on the stream thread: a round is armed on a {@link RoundTimer}, which starts
 * it at its due time through the non-blocking {@link HealthProbe} (so a round starts on time
 * whatever the stream thread is busy with), and a wall-clock punctuator folds finished rounds into
 * the stored tallies and arms the next. So a slow target delays nobody else, and all state changes happen on the stream thread
 * inside Kafka Streams' exactly-once transactions. A crash loses only rounds in flight.
 *
 * <p>Cost grows with the rounds due, not with the verifications held: a {@link DueIndex} (rebuilt
 * from the store when the task starts) says which slots need the stream thread (a first round that
 * found the probe client full, a round to resume after a restart or a take-over, a phase's end), a tick takes at most
 * {@code maxRoundsPerTick} of them (the rest wait for the next tick, so records keep flowing in
 * between), and a round costs one write of the small {@link HealthRounds} when it is folded in. The
 * {@link VerificationStarted} it runs is written once, at the start of the phase.
 */
public final class HealthPhaseProcessor extends PhaseProcessor {
    public static final String STORE = "health-verifications";
    public static final String ROUNDS_STORE = "health-rounds";
    private static final Logger LOG = LoggerFactory.getLogger(HealthPhaseProcessor.class);
    private static final String CONSUMER = "health-verifier";
    /** Largest tallies stored: well under Kafka's default 1 MiB record, for the changelog's write. */
    static final int MAX_ROUNDS_BYTES = 512 * 1024;

    /** Span of one probe round, folded in on the stream thread. */
    public static final String ROUND_SPAN = "postflight.health.round";
    /** Span of a phase result, the verifier's last word on a verification. */
    public static final String RESULT_SPAN = "postflight.phase.result";
    private final HealthJudge judge;
    private final HealthProbe probe;
    private final Duration interval;
    private final Duration tick;
    private final int maxRoundsPerTick;
    private final Duration missedPhaseLookBack;
    private final RecordMetrics metrics;
    private final TargetPolicy targetPolicy;
    private final Queue<FinishedRound> finished = new ConcurrentLinkedQueue<>();
    /** First rounds that found the probe client full, and rounds to resume (after a restart or a take-over), by due time. */
    private final DueIndex due = new DueIndex();
    /** Slots whose round is armed or running, by their phase's end. */
    private final DueIndex phaseEnds = new DueIndex();
    /**
     * Rounds armed on the timer (waiting or running) and not folded in yet, by slot: cancelled when
     * the slot is forgotten.
     */
    private final Map<String, ArmedRound> armed = new HashMap<>();
    private final RoundTimer timer;
    private KeyValueStore<String, VerificationStarted> verifications;
    private KeyValueStore<String, HealthRounds> rounds;
    private DiscoveredTargets discovered;
    private ArmedRound.Runner rounder;
    /** Whether discovered pods are probed over HTTP; false: judged by their status only. */
    private boolean httpProbesOfPods = true;

    /** Rounds start on the punctuator's ticks ({@link RoundTimer#onTicks()}): for the test driver. */
    public HealthPhaseProcessor(HealthJudge judge, HealthProbe probe, Duration interval, Duration tick,
                                int maxRoundsPerTick, Duration missedPhaseLookBack, RecordMetrics metrics,
                                TargetPolicy targetPolicy) {
        this(judge, probe, interval, tick, maxRoundsPerTick, missedPhaseLookBack, metrics, targetPolicy,
                RoundTimer.onTicks());
    }

    public HealthPhaseProcessor(HealthJudge judge, HealthProbe probe, Duration interval, Duration tick,
                                int maxRoundsPerTick, Duration missedPhaseLookBack, RecordMetrics metrics,
                                TargetPolicy targetPolicy, RoundTimer timer) {
        this(judge, probe, interval, tick, maxRoundsPerTick, missedPhaseLookBack, metrics, targetPolicy, timer,
                Tracing.off());
    }

    /** @param tracing spans per probe round and phase result, in each verification's trace (ADR 0026) */
    public HealthPhaseProcessor(HealthJudge judge, HealthProbe probe, Duration interval, Duration tick,
                                int maxRoundsPerTick, Duration missedPhaseLookBack, RecordMetrics metrics,
                                TargetPolicy targetPolicy, RoundTimer timer, Tracing tracing) {
        super(CONSUMER, metrics, tracing);
        this.timer = timer;
        this.targetPolicy = targetPolicy;
        this.judge = judge;
        this.probe = probe;
        this.interval = interval;
        this.tick = tick;
        this.maxRoundsPerTick = maxRoundsPerTick;
        this.missedPhaseLookBack = missedPhaseLookBack;
        this.metrics = metrics;
    }

    /**
     * {@code false}: discovered pods are judged by their status alone ({@code postflight.health.pods.http-probes}):
     * they are not probed, and each round in which the newest snapshot is fresh and shows a pod Running
     * and Ready counts as a healthy one for it; once it was Ready, a round that shows it not Ready
     * counts as an unhealthy one ({@link DiscoveredTargets#readiness}). A pod never Ready yet counts as
     * nothing: its failures are the pod status rules', and one never Ready ends the phase by
     * {@code on-not-ready}.
     */
    public HealthPhaseProcessor httpProbesOfPods(boolean on) {
        this.httpProbesOfPods = on;
        return this;
    }

    /**
     * verifications + the decision engine's audit records (both keyed by slot, read by one source, so
     * an applied override meets the slot's state in its task) → health phase (state stores with
     * changelogs) → phase results / dead letters.
     */
    public static PhaseTopology topology() {
        return PhaseTopology.named("health-phase").reading(Topics.VERIFICATIONS, Topics.AUDIT, Topics.TARGETS)
                .store(STORE, VerificationStarted.class)
                .store(ROUNDS_STORE, HealthRounds.class)
                .store(DiscoveredTargets.STORE, TargetsChanged.class);
    }

    @Override
    protected void declareInputs(ContractInputs inputs) {
        inputs.on(Topics.VERIFICATIONS, VerificationStarted.class, VerificationStarted.SCHEMA, this::onVerification);
        inputs.on(Topics.TARGETS, TargetsChanged.class, TargetsChanged.SCHEMA, this::onTargets);
        AppliedOverrides.of(Phase.HEALTH, this::onAbort, this::onExtend).declareOn(inputs);
    }

    /**
     * An ABORT the decision engine applied to the deployment this slot is probing: probing stops at
     * once, its state is dropped and no result follows (the engine published the ABORTED verdict). An
     * ABORT of another deployment changes nothing; one the engine refused never reaches this.
     */
    private void onAbort(OverrideCommand o) {
        HealthVerification current = load(o.slot());
        if (current == null || !current.deploymentId().equals(o.deploymentId())) {
            metrics.ignored(CONSUMER, "not-probing");
            return;
        }
        try (var ignored = DeploymentMdc.of(current.verification().deployment(), "HEALTH")) {
            LOG.info("aborted by {} ({}, override {}): probing stops, no result", o.who(), o.reason(), o.overrideId());
            forget(o.slot());
            discovered.forget(o.slot(), current.deploymentId());
            probe.release(current.deploymentId(), current.targets());
            metrics.ignored(CONSUMER, "aborted");
        }
    }

    /**
     * An EXTEND of HEALTH the decision engine applied to the deployment this slot is probing: the
     * phase ends that much later, once per override id (the id is kept with the tallies).
     */
    private void onExtend(OverrideCommand o) {
        HealthVerification current = load(o.slot());
        if (current == null || !current.deploymentId().equals(o.deploymentId())) {
            metrics.ignored(CONSUMER, "not-probing");
            return;
        }
        PhaseExtension before = PhaseExtension.orNone(current.rounds().extension());
        if (before.counts(o.overrideId())) {
            metrics.duplicate(CONSUMER);
            return;
        }
        HealthVerification extended = current.extended(before.plus(o));
        rounds.put(o.slot(), extended.rounds());
        if (phaseEnds.contains(o.slot())) {
            phaseEnds.schedule(o.slot(), phaseEnd(extended).toEpochMilli());
        }
        try (var ignored = DeploymentMdc.of(current.verification().deployment(), "HEALTH")) {
            LOG.info("extended by {} by {} ({}, override {}): the phase now ends at {}", o.extendBy(), o.who(),
                    o.reason(), o.overrideId(), phaseEnd(extended));
        }
    }

    /**
     * When the verification's phase ends: the configured duration after its start, plus its
     * extensions, moved for discovered pods that appeared late (at most the policy's late-pod grace).
     */
    private Instant phaseEnd(HealthVerification v) {
        return judgeOf(v).phaseEnd(v.tracker(), interval);
    }

    /** The judge of the verification: the configured one, or one whose phase is as long as extended. */
    private HealthJudge judgeOf(HealthVerification v) {
        Duration extra = v.rounds().extendedBy();
        if (extra.isZero()) {
            return judge;
        }
        HealthPolicy p = judge.policy();
        return new HealthJudge(p.withPhaseDuration(p.phaseDuration().plus(extra)));
    }

    @Override
    protected void start(ProcessorContext<String, Outgoing> context) {
        this.verifications = context.getStateStore(STORE);
        this.rounds = context.getStateStore(ROUNDS_STORE);
        this.discovered = new DiscoveredTargets(context.getStateStore(DiscoveredTargets.STORE));
        this.rounder = new ArmedRound.Runner(timer, probe, interval, finished::add,
                Timer.builder("postflight.health.round.lateness")
                        .description("how long after its due time a probe round's first call went out")
                        .publishPercentiles(0.5, 0.99).register(metrics.registry()));
        // The one full read: the task's verifications as restored, whatever ran them before.
        due.clear();
        phaseEnds.clear();
        cancelArmed();
        try (KeyValueIterator<String, HealthRounds> it = rounds.all()) {
            it.forEachRemaining(kv -> due.schedule(kv.key, kv.value.nextProbeAtMillis()));
        }
        // A verification without tallies cannot happen (both are written in one transaction); if it
        // does, it is due at once and ends with the reason rather than staying in the store forever.
        // The index holds every slot with tallies now, so no store read is needed to tell.
        long now = context.currentSystemTimeMs();
        try (KeyValueIterator<String, VerificationStarted> it = verifications.all()) {
            it.forEachRemaining(kv -> {
                if (!due.contains(kv.key)) {
                    due.schedule(kv.key, now);
                }
            });
        }
        if (due.size() > 0) {
            LOG.info("resuming {} health verification(s)", due.size());
        }
        every(tick, this::onTick);
    }

    private HealthVerification load(String slot) {
        HealthRounds r = rounds.get(slot);
        VerificationStarted v = r == null ? null : verifications.get(slot);
        return v == null ? null : new HealthVerification(v, r);
    }

    /**
     * The slot is due but its state cannot be used: one of its two records is missing or does not
     * decode. It is deleted, counted and logged, and ended INCONCLUSIVE when its verification can be
     * read, never left to be skipped at every tick.
     */
    private void dropUnusable(String slot, Instant now, RuntimeException unreadable) {
        metrics.ignored(CONSUMER, "unusable-state");
        LOG.error("health state of {} is incomplete or unreadable; dropping it", slot, unreadable);
        VerificationStarted v = null;
        try {
            v = verifications.get(slot);
        } catch (RuntimeException e) {
            LOG.warn("the verification of {} does not decode either", slot, e);
        }
        forget(slot);
        if (v != null) {
            publish(slot, v, JudgeStatus.INCONCLUSIVE, "the health verifier lost this verification's probe tallies;"
                    + " not judged", List.of(), v.startedAt(), now);
        }
    }

    private void forget(String slot) {
        verifications.delete(slot);
        rounds.delete(slot);
        due.remove(slot);
        phaseEnds.remove(slot);
        ArmedRound round = armed.remove(slot);
        if (round != null) {
            round.cancel();
        }
    }

    /** The task is closing (rebalance, shutdown): its armed rounds must not start; the next owner resumes. */
    @Override
    public void close() {
        cancelArmed();
    }

    private void cancelArmed() {
        armed.values().forEach(ArmedRound::cancel);
        armed.clear();
    }

    private void onVerification(VerificationStarted v) {
        String slot = v.deployment().slot();
        HealthVerification current = load(slot);
        try (var ignored = DeploymentMdc.of(v.deployment(), "HEALTH")) {
            if (current != null && current.deploymentId().equals(v.deployment().deploymentId())) {
                metrics.duplicate(CONSUMER);
                LOG.info("verification already running; ignoring the re-delivery");
                return;
            }
            if (current != null) {
                // Any new deployment of the slot ends the old one's probing, whatever its own phases.
                LOG.info("superseding {} of {}", current.deploymentId(), slot);
                forget(slot);
                discovered.forget(slot, current.deploymentId());
                probe.release(current.deploymentId(), current.targets());
            }
            if (!v.phases().contains(Phase.HEALTH)) {
                return;
            }
            Instant phaseEnd = v.startedAt().plus(judge.policy().phaseDuration());
            Instant nowInstant = Instant.ofEpochMilli(context().currentSystemTimeMs());
            if (phaseEnd.isBefore(nowInstant)) {
                // Its phase ended while this verifier was down: say so at once (a HOLD, not a 2 h silence),
                // but only within the look-back, so a new application id reading old history stays quiet.
                if (!phaseEnd.plus(missedPhaseLookBack).isBefore(nowInstant)) {
                    publish(slot, v, JudgeStatus.INCONCLUSIVE,
                            "health phase ended at " + phaseEnd + " while the verifier was down; not probed",
                            List.of(), v.startedAt(), nowInstant);
                    return;
                }
                metrics.ignored(CONSUMER, "stale");
                LOG.info("verification began at {}, past its health phase and the look-back; not probing", v.startedAt());
                return;
            }
            long now = context().currentSystemTimeMs();
            Instant started = Instant.ofEpochMilli(now);
            Optional<String> refused = targetPolicy.refuse(v.targets());
            if (refused.isPresent()) {
                // Never a probe, never silence: the decision holds with the reason.
                publish(slot, v, JudgeStatus.INCONCLUSIVE, refused.get(), List.of(), started, started);
                return;
            }
            List<String> names = v.targets().stream().map(Target::instance).toList();
            // The verification's trace, kept with its tallies for the rounds and the result to join later.
            HealthRounds first = new HealthRounds(v.deployment().deploymentId(), HealthTracker.start(started, names), now,
                    Tracing.currentTraceparent());
            HealthVerification begun = new HealthVerification(v, first);
            if (v.discovered()) {
                // Discovered pods (ADR 0029): none yet, then whatever snapshot is held or comes.
                begun = begun.retargeted(first.tracker().retarget(List.of(), started), List.of(), 0);
                begun = fold(slot, begun, started);
                if (begun == null) {
                    return;
                }
            }
            verifications.put(slot, v);
            rounds.put(slot, begun.rounds());
            if (!due.anyDue(now) && probe.room() >= begun.targets().size()) {
                // Room now and no round due before it: armed at once, so the first round starts on
                // the timer whatever the tick. Otherwise it waits its turn in the due index (late,
                // in due order, never refused).
                arm(slot, begun);
            } else {
                due.schedule(slot, now);
            }
            LOG.info("health phase started for {}", v.discovered() ? "pods discovered in "
                    + v.discovery().namespace() + " (" + begun.targets().size() + " so far)" : names.size() + " instance(s)");
        }
    }

    /**
     * A discovery snapshot (ADR 0029): kept as the slot's newest when it is, and folded at once into
     * the verification of its deployment, so a pod failing on its own ends the phase within a tick
     * and a late pod is probed from the next round.
     */
    private void onTargets(TargetsChanged snapshot) {
        String slot = snapshot.slot();
        HealthVerification current = load(slot);
        switch (discovered.offer(snapshot, current == null ? null : current.deploymentId())) {
            case OLDER -> metrics.duplicate(CONSUMER);
            case OTHER_DEPLOYMENT -> metrics.ignored(CONSUMER, "targets-of-another-deployment");
            case KEPT -> {
                if (current == null || !current.discovered()) {
                    return;
                }
                Instant now = Instant.ofEpochMilli(context().currentSystemTimeMs());
                withState(slot, now, v -> {
                    HealthVerification folded = fold(slot, v, now);
                    if (folded != null && !conclude(slot, folded, now)) {
                        rounds.put(slot, folded.rounds());
                        ArmedRound next = armed.get(slot);
                        if (next != null) {
                            next.retarget(folded.targets());
                        }
                        if (phaseEnds.contains(slot)) {
                            phaseEnds.schedule(slot, phaseEnd(folded).toEpochMilli());
                        }
                    }
                });
            }
        }
    }

    /**
     * {@code v} with the newest snapshot of its deployment folded in, if newer than the last one:
     * late pods added, missing ones departed (their probe state released), the targets probed from
     * now on. Discovered addresses pass the same target policy as named ones; one that does not
     * ends the verification INCONCLUSIVE with the reason, and this returns {@code null}.
     */
    private HealthVerification fold(String slot, HealthVerification v, Instant now) {
        TargetsChanged s = discovered.newest(slot, v.deploymentId());
        if (s == null || s.sequence() <= v.rounds().foldedSequence()) {
            return v;
        }
        List<Target> targets = httpProbesOfPods ? DiscoveredTargets.targets(s, v.targets()) : List.of();
        Optional<String> refused = targetPolicy.refuse(targets);
        if (refused.isPresent()) {
            endInconclusive(slot, v, refused.get(), now);
            return null;
        }
        List<Target> gone = v.targets().stream().filter(t -> !targets.contains(t)).toList();
        if (!gone.isEmpty()) {
            probe.release(v.deploymentId(), gone);
        }
        // Departed pods are kept for evidence only as far as evidence lists them, which keeps the
        // stored tallies far below a record's limit.
        HealthVerification folded = v.retargeted(v.tracker().retarget(DiscoveredTargets.pods(s), now,
                HealthJudge.MAX_LISTED_INSTANCES, s.complete()), targets, s.sequence());
        int size = JsonSerde.toBytes(folded.rounds()).length;
        if (size > MAX_ROUNDS_BYTES) {
            // A store write this large would fail the task's transaction again at every retry.
            endInconclusive(slot, v, "too much to track: the discovered pods' state takes " + size
                    + " bytes, above " + MAX_ROUNDS_BYTES + " (very long pod names or many containers)", now);
            return null;
        }
        return folded;
    }

    private void onTick(long nowMillis) {
        Instant now = Instant.ofEpochMilli(nowMillis);
        for (FinishedRound polled; (polled = finished.poll()) != null; ) {
            FinishedRound r = polled;
            HealthVerification v;
            try {
                v = load(r.slot());
            } catch (RuntimeException e) {
                dropUnusable(r.slot(), now, e);
                continue;
            }
            if (v == null || !v.deploymentId().equals(r.deploymentId())) {
                metrics.ignored(CONSUMER, "superseded-probe");
                continue;
            }
            armed.remove(r.slot());
            try (var resumed = Tracing.resume(v.rounds().traceparent());
                 var span = tracing().span(ROUND_SPAN, v.verification().deployment(), Phase.HEALTH.name())) {
                span.attribute("postflight.health.observations", String.valueOf(r.observations().size()));
                foldIn(r, v, now);
            }
        }
        // Phase ends of slots whose round is armed or running: never held back by the probe room,
        // so a full probe client cannot keep a verification from being concluded.
        for (String slot : phaseEnds.takeDue(nowMillis, maxRoundsPerTick)) {
            withState(slot, now, v -> {
                if (conclude(slot, v, now)) {
                    return;
                }
                if (armed.containsKey(slot)) {
                    // Its round outlived the phase's end and the judge did not end it: look again in a round.
                    phaseEnds.schedule(slot, nowMillis + interval.toMillis());
                } else {
                    arm(slot, v);
                }
            });
        }
        // First rounds that waited for room and resumed rounds, as many as the probe client has room for.
        int room = Math.max(0, probe.room());
        for (String slot : due.takeDue(nowMillis, Math.min(maxRoundsPerTick, room))) {
            withState(slot, now, v -> {
                if (!conclude(slot, v, now)) {
                    arm(slot, v);
                }
            });
        }
        // A timer that runs on ticks starts what is due now, including what was just armed.
        timer.onTick(nowMillis);
    }

    /** Folds a finished round into the verification's tallies, isolated; concludes or arms the next. */
    private void foldIn(FinishedRound r, HealthVerification v, Instant now) {
        isolated(r.slot(), v, now, () -> {
            if (r.failure() != null) {
                throw r.failure();
            }
            Optional<String> refusal = r.observations().stream()
                    .filter(o -> o.unknown() && o.detail() != null && o.detail().startsWith(TargetPolicy.REFUSED))
                    .map(o -> o.instance() + ": " + o.detail()).findFirst();
            if (refusal.isPresent()) {
                endInconclusive(r.slot(), v, refusal.get(), now);
                return;
            }
            List<ProbeObservation> seen = r.observations();
            if (!httpProbesOfPods && v.verification().discovery() != null) {
                seen = new java.util.ArrayList<>(seen);
                java.util.Set<String> observed = new java.util.HashSet<>();
                v.tracker().instances().values().stream().filter(i -> i.lastHealthy() != null)
                        .forEach(i -> observed.add(i.instance()));
                seen.addAll(DiscoveredTargets.readiness(discovered.newest(r.slot(), v.deploymentId()), now, observed));
            }
            HealthVerification next = v.next(v.tracker().observe(seen), r.nextDueMillis());
            if (!conclude(r.slot(), next, now)) {
                rounds.put(r.slot(), next.rounds());
                arm(r.slot(), next);
            }
        });
    }

    /** Loads the slot's state and runs {@code step} on it, isolated; unusable state is dropped. */
    private void withState(String slot, Instant now, Consumer<HealthVerification> step) {
        HealthVerification v;
        try {
            v = load(slot);
        } catch (RuntimeException e) {
            dropUnusable(slot, now, e);
            return;
        }
        if (v == null) {
            dropUnusable(slot, now, null);
            return;
        }
        try (var resumed = Tracing.resume(v.rounds().traceparent())) {
            isolated(slot, v, now, () -> step.accept(v));
        }
    }

    /**
     * Runs one verification's step; if it throws, that verification alone ends INCONCLUSIVE with the
     * reason, and the punctuator goes on with the others (a throw would replace the stream thread).
     */
    private void isolated(String slot, HealthVerification v, Instant now, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            metrics.ignored(CONSUMER, "verification-error");
            try (var ignored = DeploymentMdc.of(v.verification().deployment(), "HEALTH")) {
                LOG.error("health verification failed in the verifier; ending it inconclusive", e);
            }
            endInconclusive(slot, v, verifierFailure(e), now);
        }
    }

    private void endInconclusive(String slot, HealthVerification v, String reason, Instant now) {
        forget(slot);
        discovered.forget(slot, v.deploymentId());
        try {
            probe.release(v.deploymentId(), v.targets());
        } catch (RuntimeException e) {
            LOG.warn("releasing the probe state of {} failed", v.deploymentId(), e);
        }
        publish(slot, v.verification(), JudgeStatus.INCONCLUSIVE, reason, List.of(), v.tracker().startedAt(), now);
    }

    /** Judges the verification; publishes and forgets it if final. Returns whether it was final. */
    private boolean conclude(String slot, HealthVerification v, Instant now) {
        JudgeVerdict verdict = judgeOf(v).judge(v.tracker(), now,
                v.discovered() ? DiscoveredTargets.status(discovered.newest(slot, v.deploymentId()), now) : null, interval);
        if (!verdict.status().isFinal()) {
            return false;
        }
        VerificationStarted s = v.verification();
        probe.release(s.deployment().deploymentId(), v.targets());
        forget(slot);
        discovered.forget(slot, v.deploymentId());
        publish(slot, s, verdict.status(), verdict.summary(), verdict.evidence(), v.tracker().startedAt(), now);
        return true;
    }

    private void publish(String slot, VerificationStarted s, JudgeStatus status, String summary,
                         List<Evidence> evidence, Instant startedAt, Instant now) {
        PhaseResult result = new PhaseResult(PhaseResult.SCHEMA, s.deployment(), Phase.HEALTH,
                status.toOutcome(), summary, evidence, startedAt, now, s.deployEvent());
        try (var ignored = DeploymentMdc.of(s.deployment(), "HEALTH")) {
            LOG.info("health phase {}: {}", result.outcome(), result.summary());
        }
        metrics.phaseResult(Phase.HEALTH.name(), result.outcome().name());
        try (var span = tracing().span(RESULT_SPAN, s.deployment(), Phase.HEALTH.name())) {
            span.attribute("postflight.outcome", result.outcome().name());
            context().forward(new Record<>(slot, new Outgoing(Topics.PHASE_RESULTS.name(), JsonSerde.toBytes(result)),
                    now.toEpochMilli()));
        }
    }

    /**
     * Arms the verification's next round on the timer, due at its stored due time (at once when that
     * is past). Nothing is written until the round is folded in, so a crash meanwhile leaves the
     * round due and the next owner starts it. While the round is armed or running, the slot is
     * indexed at its phase's end only: a round that never finishes cannot keep the phase open.
     */
    private void arm(String slot, HealthVerification v) {
        ArmedRound round = new ArmedRound(rounder, slot, v.deploymentId(), v.targets(),
                v.nextProbeAtMillis());
        try {
            round.armAt(v.nextProbeAtMillis());
        } catch (RejectedExecutionException closing) {
            // The timer is shutting down with the service: the round stays due in the store and
            // whoever owns the task next starts it. Not a failure of this verification.
            due.schedule(slot, v.nextProbeAtMillis());
            return;
        }
        due.remove(slot);
        phaseEnds.schedule(slot, phaseEnd(v).toEpochMilli());
        armed.put(slot, round);
    }
}
