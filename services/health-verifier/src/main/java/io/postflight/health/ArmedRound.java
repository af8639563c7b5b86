package io.postflight.health;

import io.micrometer.core.instrument.Timer;
import io.postflight.contracts.Target;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * One health round armed on the {@link RoundTimer}. It runs on the timer's thread (or on the tick,
 * for tests) and touches no store: it sends the probes and queues their outcome for the stream
 * thread. When the probe client has no room for its instances it waits {@link #ROOM_WAIT_MILLIS},
 * doubling up to {@link #MAX_ROOM_WAIT_MILLIS}, and tries again, late but never refused as
 * "verifier overloaded". Anything else that goes wrong here is queued as the round's failure, which
 * ends the verification inconclusive on the stream thread.
 */
final class ArmedRound implements LongConsumer {
    /** How long a round first waits when the probe client has no room for it; doubling after. */
    static final long ROOM_WAIT_MILLIS = 20;
    static final long MAX_ROOM_WAIT_MILLIS = 500;

    /**
     * What every round of one task shares.
     *
     * @param finished where outcomes go, for the stream thread
     * @param lateness how long after its due time a round's first call went out
     */
    record Runner(RoundTimer timer, HealthProbe probe, Duration interval, Consumer<FinishedRound> finished,
                  Timer lateness) {
    }

    private final Runner runner;
    private final String slot;
    private final String deploymentId;
    /** Replaced by the stream thread when discovered pods change before the round starts. */
    private volatile List<Target> targets;
    private final long dueMillis;
    private volatile boolean cancelled;
    private volatile RoundTimer.Armed handle;
    private long roomWaitMillis = ROOM_WAIT_MILLIS;

    ArmedRound(Runner runner, String slot, String deploymentId, List<Target> targets, long dueMillis) {
        this.runner = runner;
        this.slot = slot;
        this.deploymentId = deploymentId;
        this.targets = targets;
        this.dueMillis = dueMillis;
    }

    /** Arms the round at {@code atMillis}; throws {@link RejectedExecutionException} when the timer is closing. */
    void armAt(long atMillis) {
        handle = runner.timer().at(atMillis, this);
        if (cancelled) {
            handle.cancel();
        }
    }

    /**
     * The round probes {@code newTargets} instead, if it has not started yet (discovered pods changed
     * since it was armed, ADR 0029); a round already under way probes what it started with.
     */
    void retarget(List<Target> newTargets) {
        this.targets = List.copyOf(newTargets);
    }

    /** The round must not start (its verification ended, or the task is closing). */
    void cancel() {
        cancelled = true;
        RoundTimer.Armed h = handle;
        if (h != null) {
            h.cancel();
        }
    }

    @Override
    public void accept(long nowMillis) {
        if (cancelled) {
            return;
        }
        long nextDue = Math.max(dueMillis + runner.interval().toMillis(), nowMillis);
        List<Target> targets = this.targets;
        try {
            if (runner.probe().room() < targets.size()) {
                // Backing off, so that thousands of rounds waiting for room do not spin the timer.
                armAt(nowMillis + roomWaitMillis);
                roomWaitMillis = Math.min(2 * roomWaitMillis, MAX_ROOM_WAIT_MILLIS);
                return;
            }
            // Late by how long the timer ran after the due time, plus how long the probe then
            // waited in the probe client's queue for a free slot: when its first call went out.
            long armedLateMillis = Math.max(0, nowMillis - dueMillis);
            long submittedNanos = System.nanoTime();
            Runnable started = () -> runner.lateness().record(
                    armedLateMillis + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - submittedNanos),
                    TimeUnit.MILLISECONDS);
            // Fixed rate (nextDue): the next round is due one interval after this one was due,
            // however long the probes take, so the phase holds as many rounds as its duration
            // allows. A verifier that was down catches up from "now" rather than firing the
            // missed rounds at once.
            runner.probe().probe(deploymentId, targets, started).whenComplete((obs, error) ->
                    // A probe implementation that fails as a whole counts as an empty round: tallies
                    // stay put and the round is retried at the next interval.
                    runner.finished().accept(new FinishedRound(slot, deploymentId, error == null ? obs : List.of(),
                            nextDue, null)));
        } catch (RejectedExecutionException closing) {
            // The timer is shutting down with the service: the next owner resumes from the store.
        } catch (RuntimeException e) {
            // The verifier's own failure on this verification: the stream thread ends it, alone,
            // rather than leaving it armed forever with no round coming.
            runner.finished().accept(new FinishedRound(slot, deploymentId, List.of(), nextDue, e));
        }
    }
}
