package io.postflight.resilience;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells whether the verifier itself was starved (of CPU, or stopped by a long GC pause) during a
 * time span, so that what the verifier could not do then is not held against the target: a probe
 * that timed out (health), a scrape that ran late or not at all (baseline, drift). One
 * implementation for every phase.
 *
 * <p>A task due every {@link #PERIOD} measures how late it runs; a lateness of {@code threshold} or
 * more marks the moment as starved. A hanging target on a verifier that runs on time still times
 * out and is still unhealthy.
 */
public final class StarvationWatch implements AutoCloseable {
    static final Duration PERIOD = Duration.ofMillis(50);
    /** The default threshold: a timer this late means the verifier, not the target, was slow. */
    public static final long DEFAULT_THRESHOLD_MILLIS = 500;
    /** The default threshold as configuration text (the health probe's {@code starvation-threshold}). */
    public static final String DEFAULT_THRESHOLD = DEFAULT_THRESHOLD_MILLIS + "ms";

    private final long thresholdNanos;
    private final AtomicLong lastStarvedNanos = new AtomicLong(Long.MIN_VALUE);
    private final ScheduledFuture<?> task;
    private final ScheduledExecutorService ownScheduler;
    private long expectedNanos;
    private volatile long lastTickNanos = System.nanoTime();

    /** A watch ticking on {@code scheduler}, which its owner shuts down. */
    public StarvationWatch(ScheduledExecutorService scheduler, Duration threshold) {
        this(scheduler, threshold, null);
    }

    private StarvationWatch(ScheduledExecutorService scheduler, Duration threshold, ScheduledExecutorService own) {
        this.thresholdNanos = threshold.toNanos();
        this.ownScheduler = own;
        this.expectedNanos = System.nanoTime() + PERIOD.toNanos();
        this.task = scheduler.scheduleAtFixedRate(this::tick, PERIOD.toNanos(), PERIOD.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /** A watch on its own daemon thread named {@code threadName}, stopped by {@link #close()}. */
    public static StarvationWatch onOwnThread(Duration threshold, String threadName) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        return new StarvationWatch(scheduler, threshold, scheduler);
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
    public void starvedAt(long nanos) {
        lastStarvedNanos.accumulateAndGet(nanos, Math::max);
    }

    /**
     * Whether the verifier was starved at some moment since {@code sinceNanos} ({@link System#nanoTime()}),
     * or is starved now (the watch itself has not run for longer than the threshold).
     */
    public boolean starvedSince(long sinceNanos) {
        long last = lastStarvedNanos.get();
        boolean seen = last != Long.MIN_VALUE && last - sinceNanos >= 0;
        return seen || System.nanoTime() - lastTickNanos >= PERIOD.toNanos() + thresholdNanos;
    }

    /** How late a timer may run before the verifier counts as starved. */
    public long thresholdNanos() {
        return thresholdNanos;
    }

    @Override
    public void close() {
        task.cancel(false);
        if (ownScheduler != null) {
            ownScheduler.shutdownNow();
        }
    }
}
