package io.postflight.health;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The verifier-wide cap on probes in flight: at most {@code maxInFlight} run at once, up to
 * {@code capacity} more wait in order, and beyond that a probe is refused at once (the verifier is
 * overloaded: the probe's outcome is unknown, not unhealthy). Never blocks a thread.
 */
final class ProbeQueue {

    /** The verifier could not take the probe: its queue is full. */
    static final class FullException extends RuntimeException {
        FullException(int capacity) {
            super("probe queue full (" + capacity + " waiting)", null, false, false);
        }
    }

    private final int maxInFlight;
    private final int capacity;
    private final Executor starter;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    /** @param starter starts a waiting probe when a slot frees (never inline: no deep recursion) */
    ProbeQueue(int maxInFlight, int capacity, Executor starter) {
        this.maxInFlight = maxInFlight;
        this.capacity = capacity;
        this.starter = starter;
    }

    /**
     * Runs {@code task} when a slot is free; the result completes with the task's, or at once with
     * {@link FullException} when the queue is full.
     */
    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> {
            CompletableFuture<T> running;
            try {
                running = task.get();
            } catch (RuntimeException e) {
                running = CompletableFuture.failedFuture(e);
            }
            running.whenComplete((value, error) -> {
                release();
                if (error == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(error);
                }
            });
        };
        boolean now;
        synchronized (this) {
            if (inFlight < maxInFlight) {
                inFlight++;
                now = true;
            } else if (waiting.size() < capacity) {
                waiting.addLast(start);
                now = false;
            } else {
                return CompletableFuture.failedFuture(new FullException(capacity));
            }
        }
        if (now) {
            start.run();
        }
        return result;
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.pollFirst();
            if (next == null) {
                inFlight--;
            }
        }
        if (next != null) {
            starter.execute(next);
        }
    }

    /** Probes it takes now without refusing one. */
    synchronized int room() {
        return Math.max(0, maxInFlight - inFlight) + Math.max(0, capacity - waiting.size());
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int waiting() {
        return waiting.size();
    }
}
