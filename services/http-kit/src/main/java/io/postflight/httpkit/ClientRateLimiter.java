package io.postflight.httpkit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per client (a token's subject, else the source address): {@code burst} requests
 * at once, refilled at {@code perMinute}. At most {@code maxClients} buckets are kept, the least
 * recently used forgotten first (a forgotten client starts again with a full bucket). In this
 * process only: N instances behind a load balancer allow about N times the rate. Time is a parameter.
 */
public final class ClientRateLimiter {
    private final double tokensPerNano;
    private final double burst;
    private final LinkedHashMap<String, Bucket> buckets;

    /** Tokens left, as of {@code at} (nanoTime). */
    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    public ClientRateLimiter(int perMinute, int burst, int maxClients) {
        this.tokensPerNano = perMinute / 60e9;
        this.burst = burst;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    /**
     * Takes one request from {@code client}'s bucket.
     *
     * @return 0 when allowed, else the nanoseconds until the next request would be
     */
    public synchronized long acquire(String client, long nowNanos) {
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, nowNanos));
        long elapsed = Math.max(0, nowNanos - bucket.at);
        bucket.tokens = Math.min(burst, bucket.tokens + elapsed * tokensPerNano);
        bucket.at = nowNanos;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - bucket.tokens) / tokensPerNano);
    }
}
