package io.postflight.health;

import io.micrometer.core.instrument.Timer;
import io.postflight.contracts.Evidence;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Target;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.judge.health.HealthJudge;
import io.postflight.judge.health.HealthTracker;
import io.postflight.judge.health.ProbeObservation;
import io.postflight.kafka.ContractInputs;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
import io.postflight.kafka.PhaseProcessor;
import io.postflight.kafka.PhaseTopology;
import io.postflight.kafka.RecordMetrics;
import io.postflight.runtime.DeploymentMdc;
import io.postflight.targets.TargetPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the health phase of every deployment in this task's slots.
 *
 * <p>Probes never run on the stream thread: a wall-clock punctuator starts due rounds through the
 * non-blocking {@link HealthProbe} and, on later ticks, folds finished rounds into the stored
 * tallies. So a slow target delays nobody else, and all state changes happen on the stream thread
 * inside Kafka Streams' exactly-once transactions. A crash loses only rounds in flight.
 *
 * <p>Cost grows with the rounds due, not with the verifications held: a {@link DueIndex} (rebuilt
 * from the store when the task starts) says which slots are due, a tick starts at most
 * {@code maxRoundsPerTick} of them (the rest wait for the next tick, so records keep flowing in
 * between), and a round costs one write of the small {@link HealthRounds} when it is folded in. The
 * {@link VerificationStarted} it runs is written once, at the start of the phase.
 */
public final class HealthPhaseProcessor extends PhaseProcessor {
    public static final String STORE = "health-verifications";
    public static final String ROUNDS_STORE = "health-rounds";
    private static final Logger LOG = LoggerFactory.getLogger(HealthPhaseProcessor.class);
    private static final String CONSUMER = "health-verifier";

    private final HealthJudge judge;
    private final HealthProbe probe;
    private final Duration interval;
    private final Duration tick;
    private final int maxRoundsPerTick;
    private final Duration missedPhaseLookBack;
    private final RecordMetrics metrics;
    private final TargetPolicy targetPolicy;
    private final Queue<FinishedRound> finished = new ConcurrentLinkedQueue<>();
    private final DueIndex due = new DueIndex();
    private KeyValueStore<String, VerificationStarted> verifications;
    private KeyValueStore<String, HealthRounds> rounds;
    private Timer roundLateness;

    public HealthPhaseProcessor(HealthJudge judge, HealthProbe probe, Duration interval, Duration tick,
                                int maxRoundsPerTick, Duration missedPhaseLookBack, RecordMetrics metrics,
                                TargetPolicy targetPolicy) {
        super(CONSUMER, metrics);
        this.targetPolicy = targetPolicy;
        this.judge = judge;
        this.probe = probe;
        this.interval = interval;
        this.tick = tick;
        this.maxRoundsPerTick = maxRoundsPerTick;
        this.missedPhaseLookBack = missedPhaseLookBack;
        this.metrics = metrics;
    }

    /** verifications → health phase (state stores with changelogs) → phase results / dead letters. */
    public static PhaseTopology topology() {
        return PhaseTopology.named("health-phase").reading(Topics.VERIFICATIONS)
                .store(STORE, VerificationStarted.class)
                .store(ROUNDS_STORE, HealthRounds.class);
    }

    @Override
    protected void declareInputs(ContractInputs inputs) {
        inputs.on(Topics.VERIFICATIONS, VerificationStarted.class, VerificationStarted.SCHEMA, this::onVerification);
    }

    @Override
    protected void start(ProcessorContext<String, Outgoing> context) {
        this.verifications = context.getStateStore(STORE);
        this.rounds = context.getStateStore(ROUNDS_STORE);
        this.roundLateness = Timer.builder("postflight.health.round.lateness")
                .description("how long after its due time a probe round started")
                .publishPercentiles(0.5, 0.99).register(metrics.registry());
        // The one full read: the task's verifications as restored, whatever ran them before.
        due.clear();
        try (KeyValueIterator<String, HealthRounds> it = rounds.all()) {
            it.forEachRemaining(kv -> due.schedule(kv.key, kv.value.nextProbeAtMillis()));
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

    private void forget(String slot) {
        verifications.delete(slot);
        rounds.delete(slot);
        due.remove(slot);
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
                probe.release(current.deploymentId(), current.verification().targets());
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
            verifications.put(slot, v);
            rounds.put(slot, new HealthRounds(v.deployment().deploymentId(), HealthTracker.start(started, names), now));
            due.schedule(slot, now);
            LOG.info("health phase started for {} instance(s)", names.size());
        }
    }

    private void onTick(long nowMillis) {
        Instant now = Instant.ofEpochMilli(nowMillis);
        for (FinishedRound polled; (polled = finished.poll()) != null; ) {
            FinishedRound r = polled;
            HealthVerification v = load(r.slot());
            if (v == null || !v.deploymentId().equals(r.deploymentId())) {
                metrics.ignored(CONSUMER, "superseded-probe");
                continue;
            }
            isolated(r.slot(), v, now, () -> {
                Optional<String> refusal = r.observations().stream()
                        .filter(o -> o.unknown() && o.detail() != null && o.detail().startsWith(TargetPolicy.REFUSED))
                        .map(o -> o.instance() + ": " + o.detail()).findFirst();
                if (refusal.isPresent()) {
                    endInconclusive(r.slot(), v, refusal.get(), now);
                    return;
                }
                HealthVerification next = v.next(v.tracker().observe(r.observations()), r.nextDueMillis());
                if (!conclude(r.slot(), next, now)) {
                    rounds.put(r.slot(), next.rounds());
                    due.schedule(r.slot(), next.nextProbeAtMillis());
                }
            });
        }
        for (String slot : due.takeDue(nowMillis, maxRoundsPerTick)) {
            HealthVerification v = load(slot);
            if (v == null) {
                continue;
            }
            isolated(slot, v, now, () -> {
                if (!conclude(slot, v, now)) {
                    startRound(slot, v);
                }
            });
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
        try {
            probe.release(v.deploymentId(), v.verification().targets());
        } catch (RuntimeException e) {
            LOG.warn("releasing the probe state of {} failed", v.deploymentId(), e);
        }
        publish(slot, v.verification(), JudgeStatus.INCONCLUSIVE, reason, List.of(), v.tracker().startedAt(), now);
    }

    /** Judges the verification; publishes and forgets it if final. Returns whether it was final. */
    private boolean conclude(String slot, HealthVerification v, Instant now) {
        JudgeVerdict verdict = judge.judge(v.tracker(), now);
        if (!verdict.status().isFinal()) {
            return false;
        }
        VerificationStarted s = v.verification();
        probe.release(s.deployment().deploymentId(), s.targets());
        forget(slot);
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
        context().forward(new Record<>(slot, new Outgoing(Topics.PHASE_RESULTS.name(), JsonSerde.toBytes(result)),
                now.toEpochMilli()));
    }

    /**
     * Starts one round; nothing is written until it is folded in, so a crash meanwhile leaves the
     * round due and it is simply sent again. The slot stays out of the index while its round runs.
     */
    private void startRound(String slot, HealthVerification v) {
        long now = context().currentSystemTimeMs();
        roundLateness.record(Math.max(0, now - v.nextProbeAtMillis()), TimeUnit.MILLISECONDS);
        // Fixed rate: the next round is due one interval after this one was due, however long the
        // probes take, so the phase holds as many rounds as its duration allows. A verifier that was
        // down catches up from "now" rather than firing the missed rounds at once.
        long nextDue = Math.max(v.nextProbeAtMillis() + interval.toMillis(), now);
        CompletableFuture<List<ProbeObservation>> round = probe.probe(v.deploymentId(), v.verification().targets());
        round.whenComplete((obs, error) -> {
            // A probe implementation that fails as a whole counts as an empty round: tallies stay put
            // and the round is retried at the next interval.
            finished.add(new FinishedRound(slot, v.deploymentId(), error == null ? obs : List.of(), nextDue));
        });
    }

    private record FinishedRound(String slot, String deploymentId, List<ProbeObservation> observations,
                                 long nextDueMillis) {
    }
}
