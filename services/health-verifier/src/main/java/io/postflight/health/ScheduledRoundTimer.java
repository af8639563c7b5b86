package io.postflight.health;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's {@link RoundTimer}: one daemon thread for every task of the instance, a heap of due
 * rounds (O(log n) per arming; each armed round a few hundred bytes). A task only hands probes to
 * the non-blocking probe client, so one thread keeps up with thousands of rounds a second; a task
 * that throws is logged and does not stop the timer.
 */
@Singleton
public final class ScheduledRoundTimer implements RoundTimer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRoundTimer.class);
    private final ScheduledThreadPoolExecutor executor;

    public ScheduledRoundTimer() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "health-round-timer");
            t.setDaemon(true);
            return t;
        });
        // Cancelled rounds (a superseded or ended verification) leave the heap at once.
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Armed at(long dueMillis, LongConsumer task) {
        long delay = Math.max(0, dueMillis - System.currentTimeMillis());
        ScheduledFuture<?> f = executor.schedule(() -> {
            try {
                task.accept(System.currentTimeMillis());
            } catch (RuntimeException e) {
                LOG.error("a probe round failed to start", e);
            }
        }, delay, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    /** Rounds armed and not run yet (for tests and diagnostics). */
    int armed() {
        return executor.getQueue().size();
    }

    @PreDestroy
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
