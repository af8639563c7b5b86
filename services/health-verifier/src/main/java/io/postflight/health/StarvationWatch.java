package io.postflight.health;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells whether the verifier itself was starved (of CPU, or stopped by a long GC pause) during a
 * time span, so that a probe that timed out then is not held against the target.
 *
 * <p>A task due every {@link #PERIOD} measures how late it runs; a lateness of {@code threshold} or
 * more marks the moment as starved. A probe attempt that timed out while a starved moment fell in
 * its span is the verifier's failure, not the target's. A hanging target on a verifier that runs on
 * time still times out and is still unhealthy.
 */
final class StarvationWatch implements AutoCloseable {
    static final Duration PERIOD = Duration.ofMillis(50);

    private final long thresholdNanos;
    private final AtomicLong lastStarvedNanos = new AtomicLong(Long.MIN_VALUE);
    private final ScheduledFuture<?> task;
    private long expectedNanos;
    private volatile long lastTickNanos = System.nanoTime();

    StarvationWatch(ScheduledExecutorService scheduler, Duration threshold) {
        this.thresholdNanos = threshold.toNanos();
        this.expectedNanos = System.nanoTime() + PERIOD.toNanos();
        this.task = scheduler.scheduleAtFixedRate(this::tick, PERIOD.toNanos(), PERIOD.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    private void tick() {
        long now = System.nanoTime();
        // Fixed rate: a late run is followed at once by the missed ones, so measure against our own
        // expectation and then re-anchor on now.
        if (now - expectedNanos >= thresholdNanos) {
            starvedAt(now);
        }
        expectedNanos = now + PERIOD.toNanos();
        lastTickNanos = now;
    }

    /** Records that the verifier was starved at {@code nanos} (also used by late timers). */
    void starvedAt(long nanos) {
        lastStarvedNanos.accumulateAndGet(nanos, Math::max);
    }

    /**
     * Whether the verifier was starved at some moment since {@code sinceNanos} ({@link System#nanoTime()}),
     * or is starved now (the watch itself has not run for longer than the threshold).
     */
    boolean starvedSince(long sinceNanos) {
        long last = lastStarvedNanos.get();
        boolean seen = last != Long.MIN_VALUE && last - sinceNanos >= 0;
        return seen || System.nanoTime() - lastTickNanos >= PERIOD.toNanos() + thresholdNanos;
    }

    long thresholdNanos() {
        return thresholdNanos;
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
