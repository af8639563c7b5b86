package io.postflight.judge.health;

/**
 * What one probe round saw of one instance.
 *
 * @param instance instance name
 * @param live liveness endpoint answered 2xx
 * @param ready readiness endpoint answered 2xx
 * @param reachable both endpoints answered at all (within the retry budget, breaker closed)
 * @param detail what was seen, e.g. "ready: HTTP 503" or "live: connection refused after 3 attempts"
 * @param latencyMillis time the round took for this instance
 */
public record ProbeObservation(String instance, boolean live, boolean ready, boolean reachable,
                               String detail, long latencyMillis) {
    public boolean healthy() {
        return reachable && live && ready;
    }
}
