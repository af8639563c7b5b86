package io.postflight.discovery;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Backoff and circuit breaker for starting watches, per cluster (ADR 0029, issue step 5). Every watch
 * of a cluster whose API server fails shares that cluster's count of failures in a row: the delay
 * before the next try doubles from {@code first} up to {@code longest}, and once {@code openAfter}
 * tries in a row failed the breaker is open: a watch due before the cluster's next try does not call
 * the API server at all but waits for that time, and when it comes only one watch tries (the others
 * wait one more delay); its success closes the breaker for all. So an API server that is down gets a
 * few requests a minute from this service, however many deployments are being verified, and the
 * watches resume on their own when it is back. Thread-safe.
 */
final class ClusterBackoff {
    private final Duration first;
    private final Duration longest;
    private final int openAfter;
    private final LongSupplier nanoTime;
    private final Map<String, Failures> byCluster = new HashMap<>();

    /** Failures in a row of one cluster, and the earliest time (nanoTime) of its next try while open. */
    private record Failures(int inARow, long nextTryNanos) {
    }

    ClusterBackoff(Duration first, Duration longest, int openAfter, LongSupplier nanoTime) {
        this.first = Objects.requireNonNull(first, "first");
        this.longest = Objects.requireNonNull(longest, "longest");
        this.openAfter = openAfter;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0 || openAfter < 1) {
            throw new IllegalArgumentException("backoff needs 0 < first <= longest and openAfter >= 1");
        }
    }

    /** The service's: from {@code startRetry}, doubling up to 8 times it, open after 3 failures in a row. */
    static ClusterBackoff of(Duration startRetry) {
        return new ClusterBackoff(startRetry, startRetry.multipliedBy(8), 3, System::nanoTime);
    }

    /**
     * Whether a watch of {@code cluster} may call the API server now: {@link Duration#ZERO} when it
     * may, else how long to wait. Letting one through while the breaker is open pushes the next try
     * of the others back by one delay, so only this one probes the API server.
     */
    synchronized Duration beforeTrying(String cluster) {
        Failures f = byCluster.get(cluster);
        if (f == null || f.inARow() < openAfter) {
            return Duration.ZERO;
        }
        long now = nanoTime.getAsLong();
        long wait = f.nextTryNanos() - now;
        if (wait > 0) {
            return Duration.ofNanos(wait);
        }
        byCluster.put(cluster, new Failures(f.inARow(), now + delay(f.inARow()).toNanos()));
        return Duration.ZERO;
    }

    /** A try failed: returns how long the failing watch waits before its next one. */
    synchronized Duration failed(String cluster) {
        Failures f = byCluster.get(cluster);
        int inARow = f == null ? 1 : f.inARow() + 1;
        Duration delay = delay(inARow);
        byCluster.put(cluster, new Failures(inARow, nanoTime.getAsLong() + delay.toNanos()));
        return delay;
    }

    /** A try succeeded: the cluster's API server answers, every watch of it may try at once again. */
    synchronized void succeeded(String cluster) {
        byCluster.remove(cluster);
    }

    /** Whether the breaker of {@code cluster} is open (its last {@code openAfter} tries failed). */
    synchronized boolean open(String cluster) {
        Failures f = byCluster.get(cluster);
        return f != null && f.inARow() >= openAfter;
    }

    private Duration delay(int inARow) {
        // first × 2^(n-1), capped; the shift is bounded so it cannot overflow.
        Duration d = first.multipliedBy(1L << Math.min(inARow - 1, 20));
        return d.compareTo(longest) > 0 ? longest : d;
    }
}
