package io.postflight.judge.health;

/**
 * What one probe round saw of one instance.
 *
 * <p>An observation is <em>unknown</em> when the verifier itself could not run the probe (its probe
 * queue was full, its own breaker was open, its own timeout fired while it was starved of CPU): that
 * says nothing about the instance, so it neither counts toward failing nor toward passing.
 *
 * @param instance instance name
 * @param live liveness endpoint answered 2xx
 * @param ready readiness endpoint answered 2xx
 * @param reachable both endpoints answered at all (within the retry budget)
 * @param detail what was seen, e.g. "ready: HTTP 503" or "live: connection refused after 3 attempts";
 *     never a body the target sent
 * @param latencyMillis time the round took for this instance
 * @param unknown the verifier could not run the probe; the other flags then mean nothing
 */
public record ProbeObservation(String instance, boolean live, boolean ready, boolean reachable,
                               String detail, long latencyMillis, boolean unknown) {

    /** A probe that ran: what the instance answered (or that it did not answer). */
    public ProbeObservation(String instance, boolean live, boolean ready, boolean reachable, String detail,
                            long latencyMillis) {
        this(instance, live, ready, reachable, detail, latencyMillis, false);
    }

    /** A probe the verifier could not run, and why. */
    public static ProbeObservation unknown(String instance, String why, long latencyMillis) {
        return new ProbeObservation(instance, false, false, false, why, latencyMillis, true);
    }

    public boolean healthy() {
        return !unknown && reachable && live && ready;
    }
}
