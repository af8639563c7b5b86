package io.postflight.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Json;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Target;
import io.postflight.contracts.VerificationStarted;
import io.postflight.judge.health.HealthJudge;
import io.postflight.judge.health.HealthPolicy;
import io.postflight.judge.health.HealthTracker;
import io.postflight.judge.health.ProbeObservation;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
import io.postflight.kafka.RecordMetrics;
import io.postflight.targets.TargetPolicy;
import io.postflight.targets.TargetPolicyConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the health verifier finds due rounds: from an index rebuilt out of its stores when a task
 * starts (a restart or a take-over resumes every stored verification), a bounded number per tick.
 */
class HealthSchedulingTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private final List<String> probed = new ArrayList<>();
    private MockProcessorContext<String, Outgoing> context;
    private KeyValueStore<String, VerificationStarted> verifications;
    private KeyValueStore<String, HealthRounds> rounds;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        verifications = store(HealthPhaseProcessor.STORE, VerificationStarted.class);
        rounds = store(HealthPhaseProcessor.ROUNDS_STORE, HealthRounds.class);
        store(DiscoveredTargets.STORE, io.postflight.contracts.TargetsChanged.class);
        context.setCurrentSystemTimeMs(T0.toEpochMilli());
    }

    private <V> KeyValueStore<String, V> store(String name, Class<V> type) {
        KeyValueStore<String, V> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), JsonSerde.of(type)).withLoggingDisabled().build();
        s.init(context.getStateStoreContext(), s);
        context.addStateStore(s);
        return s;
    }

    private HealthPhaseProcessor processor(int maxRoundsPerTick) {
        return processor(maxRoundsPerTick, Integer.MAX_VALUE);
    }

    private HealthPhaseProcessor processor(int maxRoundsPerTick, int room) {
        HealthProbe probe = neverAnswering(() -> room);
        HealthPhaseProcessor p = new HealthPhaseProcessor(
                new HealthJudge(new HealthPolicy(3, 2, 3, Duration.ofMinutes(5))), probe, Duration.ofSeconds(10),
                Duration.ofMillis(250), maxRoundsPerTick, Duration.ofHours(2),
                new RecordMetrics(new SimpleMeterRegistry()),
                new TargetPolicy(new TargetPolicyConfig(null, null, null, false, null, 3)));
        p.init(context);
        return p;
    }

    /** A probe whose rounds never finish (nothing is folded in), with the room {@code room} says. */
    private HealthProbe neverAnswering(java.util.function.IntSupplier room) {
        return new HealthProbe() {
            @Override
            public CompletableFuture<List<ProbeObservation>> probe(String deploymentId, List<Target> targets) {
                probed.add(deploymentId);
                return new CompletableFuture<>();
            }

            @Override
            public int room() {
                return room.getAsInt();
            }
        };
    }

    /** A verification as a previous owner of the task left it in the stores. */
    private void stored(String service, long nextProbeAtMillis) {
        DeploymentRef d = new DeploymentRef("dep-" + service, service, "prod", "1.0", null, "0.9");
        VerificationStarted v = new VerificationStarted(null, d, DeployAction.DEPLOYED,
                List.of(new Target("a", "http://a")), List.of(Phase.HEALTH), T0,
                new EventRef("ev-" + service, "/cd", "t", T0));
        verifications.put(d.slot(), v);
        rounds.put(d.slot(), new HealthRounds(d.deploymentId(), HealthTracker.start(T0, List.of("a")), nextProbeAtMillis));
    }

    private void tick(Instant at) {
        context.setCurrentSystemTimeMs(at.toEpochMilli());
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(at.toEpochMilli());
    }

    @Test
    void aTaskThatStartsOnStoredVerificationsProbesEachWhenItIsDue() {
        stored("due-now", T0.toEpochMilli());
        stored("due-in-5s", T0.plusSeconds(5).toEpochMilli());
        stored("overdue", T0.minusSeconds(30).toEpochMilli());
        processor(100);

        tick(T0);
        assertThat(probed).containsExactly("dep-overdue", "dep-due-now");
        tick(T0.plusSeconds(4));
        assertThat(probed).hasSize(2);
        tick(T0.plusSeconds(5));
        assertThat(probed).containsExactly("dep-overdue", "dep-due-now", "dep-due-in-5s");
    }

    @Test
    void aRoundStillRunningIsNotStartedAgainAtTheNextTick() {
        stored("slow", T0.toEpochMilli());
        processor(100);

        tick(T0);
        tick(T0.plusSeconds(30));
        assertThat(probed).containsExactly("dep-slow");
    }

    /** Slots s0..s(count-1), each overdue by its number of seconds (so the last is due first). */
    private void overdue(int count) {
        for (int i = 0; i < count; i++) {
            stored("s" + i, T0.minusSeconds(i).toEpochMilli());
        }
    }

    @Test
    void aProbeWithoutRoomGetsNoRoundsTheyWaitLateRatherThanBeingRefused() {
        overdue(3);
        processor(100, 1);

        tick(T0);
        assertThat(probed).containsExactly("dep-s2");
        tick(T0.plusMillis(250));
        assertThat(probed).containsExactly("dep-s2", "dep-s1");
    }

    @Test
    void aVerificationWithoutItsTalliesEndsInconclusiveAndTalliesWithoutAVerificationAreDropped() throws Exception {
        stored("whole", T0.plusSeconds(60).toEpochMilli());
        stored("no-tallies", T0.toEpochMilli());
        rounds.delete("no-tallies/prod");
        stored("no-verification", T0.toEpochMilli());
        verifications.delete("no-verification/prod");
        processor(100);

        tick(T0);
        assertThat(probed).isEmpty();
        assertThat(context.forwarded()).hasSize(1);
        PhaseResult r = Json.MAPPER.readValue(context.forwarded().get(0).record().value().value(), PhaseResult.class);
        assertThat(r.deployment().service()).isEqualTo("no-tallies");
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.INCONCLUSIVE);
        assertThat(r.summary()).contains("lost this verification's probe tallies");
        assertThat(rounds.get("no-verification/prod")).isNull();
        assertThat(verifications.get("no-tallies/prod")).isNull();
        assertThat(rounds.get("whole/prod")).isNotNull();
    }

    @Test
    void aTickStartsAtMostItsLimitAndTheRestAtTheNextTicks() {
        overdue(5);
        processor(2);

        tick(T0);
        assertThat(probed).containsExactly("dep-s4", "dep-s3");
        tick(T0.plusMillis(250));
        assertThat(probed).hasSize(4);
        tick(T0.plusMillis(500));
        assertThat(probed).containsExactlyInAnyOrder("dep-s0", "dep-s1", "dep-s2", "dep-s3", "dep-s4");
    }

    /** Records what the processor arms instead of running it: the test runs the tasks itself. */
    private static final class RecordingTimer implements RoundTimer {
        record Arming(long dueMillis, LongConsumer task, boolean[] cancelled) {
        }

        final List<Arming> armings = new ArrayList<>();

        @Override
        public Armed at(long dueMillis, LongConsumer task) {
            Arming a = new Arming(dueMillis, task, new boolean[] {false});
            armings.add(a);
            return () -> a.cancelled()[0] = true;
        }
    }

    /** A probe whose rounds end at once, every instance healthy. */
    private HealthProbe healthyAtOnce() {
        return (deploymentId, targets) -> {
            probed.add(deploymentId);
            return CompletableFuture.completedFuture(targets.stream()
                    .map(t -> new ProbeObservation(t.instance(), true, true, true, "ok", 1)).toList());
        };
    }

    private HealthPhaseProcessor processor(HealthProbe probe, Duration interval, RoundTimer timer,
                                           SimpleMeterRegistry registry) {
        HealthPhaseProcessor p = new HealthPhaseProcessor(
                new HealthJudge(new HealthPolicy(3, 2, 3, Duration.ofMinutes(5))), probe, interval,
                Duration.ofMillis(250), 100, Duration.ofHours(2), new RecordMetrics(registry),
                new TargetPolicy(new TargetPolicyConfig(null, null, null, false, null, 3)), timer);
        p.init(context);
        return p;
    }

    @Test
    void aFoldedRoundArmsTheNextOnTheTimerAtItsDueTimeAndTheTimerStartsItWithoutATick() {
        stored("armed", T0.toEpochMilli());
        RecordingTimer timer = new RecordingTimer();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        processor(healthyAtOnce(), Duration.ofSeconds(10), timer, registry);

        tick(T0);
        assertThat(timer.armings).hasSize(1);
        assertThat(timer.armings.get(0).dueMillis()).isEqualTo(T0.toEpochMilli());
        timer.armings.get(0).task().accept(T0.toEpochMilli() + 40);
        assertThat(probed).containsExactly("dep-armed");

        tick(T0.plusMillis(250)); // folds the first round in, arms the second one interval after the first was due
        assertThat(timer.armings).hasSize(2);
        assertThat(timer.armings.get(1).dueMillis()).isEqualTo(T0.plusSeconds(10).toEpochMilli());
        tick(T0.plusSeconds(12)); // ticks do not start armed rounds: the timer does
        assertThat(probed).hasSize(1);

        timer.armings.get(1).task().accept(T0.plusSeconds(10).toEpochMilli() + 3);
        assertThat(probed).containsExactly("dep-armed", "dep-armed");
        var lateness = registry.get("postflight.health.round.lateness").timer();
        assertThat(lateness.count()).isEqualTo(2);
        // 40 ms by the timer, plus the (tiny) time between submitting and the fake probe's start.
        assertThat(lateness.max(TimeUnit.MILLISECONDS)).isBetween(40.0, 1_000.0);
    }

    @Test
    void anArmedRoundIsCancelledWhenItsVerificationEndsAndWhenTheTaskCloses() {
        stored("ends", T0.toEpochMilli());
        stored("stays", T0.toEpochMilli());
        rounds.put("stays/prod", new HealthRounds("dep-stays", HealthTracker.start(T0.plusSeconds(200), List.of("a")),
                T0.toEpochMilli()));
        RecordingTimer timer = new RecordingTimer();
        HealthPhaseProcessor p = processor(healthyAtOnce(), Duration.ofSeconds(10), timer, new SimpleMeterRegistry());

        tick(T0);
        assertThat(timer.armings).hasSize(2);
        tick(T0.plus(Duration.ofMinutes(5)).plusSeconds(1)); // the first one's phase is over: ended, round cancelled
        assertThat(context.forwarded()).hasSize(1);
        assertThat(timer.armings.stream().filter(a -> a.cancelled()[0]).count()).isEqualTo(1);
        timer.armings.forEach(a -> {
            if (a.cancelled()[0]) {
                a.task().accept(T0.plus(Duration.ofMinutes(6)).toEpochMilli());
            }
        });
        assertThat(probed).as("a cancelled round sends nothing even if its timer runs it").isEmpty();

        p.close();
        assertThat(timer.armings).allMatch(a -> a.cancelled()[0]);
    }

    @Test
    void withTheServicesTimerTheNextRoundStartsAtItsDueTimeWhileNoTickRuns() throws Exception {
        // Real time here: the timer runs on the wall clock.
        long now = System.currentTimeMillis();
        context.setCurrentSystemTimeMs(now);
        DeploymentRef d = new DeploymentRef("dep-live", "live", "prod", "1.0", null, "0.9");
        Instant started = Instant.ofEpochMilli(now);
        verifications.put(d.slot(), new VerificationStarted(null, d, DeployAction.DEPLOYED,
                List.of(new Target("a", "http://a")), List.of(Phase.HEALTH), started,
                new EventRef("ev-live", "/cd", "t", started)));
        rounds.put(d.slot(), new HealthRounds(d.deploymentId(), HealthTracker.start(started, List.of("a")), now));
        List<Long> probedAt = new CopyOnWriteArrayList<>();
        HealthProbe probe = (deploymentId, targets) -> {
            probedAt.add(System.currentTimeMillis());
            return CompletableFuture.completedFuture(List.of(new ProbeObservation("a", true, true, true, "ok", 1)));
        };
        try (ScheduledRoundTimer timer = new ScheduledRoundTimer()) {
            processor(probe, Duration.ofMillis(300), timer, new SimpleMeterRegistry());
            tick(Instant.ofEpochMilli(now)); // arms the first round, due now
            await().atMost(Duration.ofSeconds(30)).until(() -> probedAt.size() == 1);
            tick(Instant.ofEpochMilli(System.currentTimeMillis())); // folds it in, arms the next: due at now + 300 ms

            // No tick from here on: only the timer can start the second round.
            await().atMost(Duration.ofSeconds(30)).until(() -> probedAt.size() == 2);
            assertThat(probedAt.get(1)).as("never before its due time").isGreaterThanOrEqualTo(now + 300);
        }
    }

    @Test
    void aProbeClientWithNoRoomDoesNotKeepAnArmedVerificationFromEndingAtItsPhasesEnd() throws Exception {
        stored("ends", T0.toEpochMilli());
        int[] room = {1};
        HealthProbe probe = neverAnswering(() -> room[0]);
        processor(probe, Duration.ofSeconds(10), new RecordingTimer(), new SimpleMeterRegistry());
        tick(T0); // armed
        room[0] = 0; // and from now on the client is full

        tick(T0.plus(Duration.ofMinutes(5)).plusSeconds(1));

        assertThat(context.forwarded()).as("ended at its phase's end though the probe client is full").hasSize(1);
        PhaseResult r = Json.MAPPER.readValue(context.forwarded().get(0).record().value().value(), PhaseResult.class);
        assertThat(r.deployment().service()).isEqualTo("ends");
    }

    @Test
    void aRoundThatFailsOnTheTimerThreadEndsItsVerificationInconclusiveInsteadOfLeavingItArmed() throws Exception {
        stored("broken", T0.toEpochMilli());
        RecordingTimer timer = new RecordingTimer();
        int[] roomCalls = {0};
        HealthProbe probe = neverAnswering(() -> {
            if (roomCalls[0]++ == 1) { // the first tick's call passes; the timer thread's throws
                throw new IllegalStateException("room accounting broke");
            }
            return 10;
        });
        processor(probe, Duration.ofSeconds(10), timer, new SimpleMeterRegistry());
        tick(T0);
        timer.armings.get(0).task().accept(T0.toEpochMilli());
        assertThat(probed).isEmpty();

        tick(T0.plusMillis(250));

        assertThat(context.forwarded()).hasSize(1);
        PhaseResult r = Json.MAPPER.readValue(context.forwarded().get(0).record().value().value(), PhaseResult.class);
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.INCONCLUSIVE);
        assertThat(r.summary()).contains("room accounting broke");
        assertThat(rounds.get("broken/prod")).isNull();
    }

    /** A verification arriving on the verifier's input topic now. */
    private void arrives(HealthPhaseProcessor p, String service) {
        DeploymentRef d = new DeploymentRef("dep-" + service, service, "prod", "1.0", null, "0.9");
        Instant at = Instant.ofEpochMilli(context.currentSystemTimeMs());
        VerificationStarted v = new VerificationStarted(null, d, DeployAction.DEPLOYED,
                List.of(new Target("a", "http://a")), List.of(Phase.HEALTH), at,
                new EventRef("ev-" + service, "/cd", "t", at));
        context.setRecordMetadata(io.postflight.contracts.Topics.VERIFICATIONS.name(), 0, 0);
        p.process(new org.apache.kafka.streams.processor.api.Record<>(d.slot(), JsonSerde.toBytes(v), at.toEpochMilli()));
    }

    @Test
    void aNewVerificationIsArmedAtIntakeAndTheTimerStartsItsFirstRoundWithoutATick() {
        RecordingTimer timer = new RecordingTimer();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HealthPhaseProcessor p = processor(healthyAtOnce(), Duration.ofSeconds(10), timer, registry);

        arrives(p, "new");

        assertThat(timer.armings).as("armed when it arrived, before any tick").hasSize(1);
        assertThat(timer.armings.get(0).dueMillis()).isEqualTo(T0.toEpochMilli());
        timer.armings.get(0).task().accept(T0.toEpochMilli() + 5);
        assertThat(probed).containsExactly("dep-new");
        assertThat(registry.get("postflight.health.round.lateness").timer().max(TimeUnit.MILLISECONDS))
                .isBetween(5.0, 1_000.0);
    }

    @Test
    void aNewVerificationWhileTheProbeClientIsFullWaitsItsTurnAndTheTickStartsItWhenRoomFrees() {
        stored("waiting", T0.toEpochMilli());
        int[] room = {0};
        HealthProbe probe = neverAnswering(() -> room[0]);
        RecordingTimer timer = new RecordingTimer();
        HealthPhaseProcessor p = processor(probe, Duration.ofSeconds(10), timer, new SimpleMeterRegistry());
        tick(T0); // no room: the stored one stays due
        context.setCurrentSystemTimeMs(T0.plusMillis(100).toEpochMilli());
        room[0] = 5;

        arrives(p, "late-comer");
        assertThat(timer.armings).as("a round due before it is still waiting: no overtaking").isEmpty();

        tick(T0.plusMillis(250));
        assertThat(timer.armings).extracting(RecordingTimer.Arming::dueMillis)
                .containsExactly(T0.toEpochMilli(), T0.plusMillis(100).toEpochMilli());
    }
}
