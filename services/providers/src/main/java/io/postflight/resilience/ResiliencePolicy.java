package io.postflight.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ResilientCalls} bounds one call to a target: a timeout per attempt, a few attempts
 * with exponential backoff and jitter, and a circuit breaker per target that stops calling a
 * target that keeps failing.
 *
 * <p>The worst-case time a call can take is roughly {@code maxAttempts * timeout} plus the
 * backoff waits between attempts; size {@code timeout} so that this fits the caller's budget.
 *
 * @param timeout limit of one attempt; an attempt that takes longer fails and is interrupted
 * @param maxAttempts attempts in total (1 = no retry)
 * @param initialBackoff wait before the second attempt
 * @param backoffMultiplier factor applied to the wait before each further attempt
 * @param jitter randomization factor in [0, 1): each wait is drawn uniformly from
 *     {@code wait * (1 ± jitter)}, so that many callers do not retry in lockstep
 * @param maxBackoff upper bound of one wait
 * @param failureRateThreshold percentage (0, 100] of failed calls in the sliding window that
 *     opens the breaker
 * @param slidingWindowSize number of recent attempts the failure rate is computed over
 * @param minimumCalls attempts needed in the window before the failure rate is judged at all
 * @param openStateWait how long an open breaker rejects calls before letting a few probes through
 * @param halfOpenCalls probes allowed while half-open; their failure rate decides open or closed
 */
public record ResiliencePolicy(
        Duration timeout,
        int maxAttempts,
        Duration initialBackoff,
        double backoffMultiplier,
        double jitter,
        Duration maxBackoff,
        float failureRateThreshold,
        int slidingWindowSize,
        int minimumCalls,
        Duration openStateWait,
        int halfOpenCalls) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final double DEFAULT_BACKOFF_MULTIPLIER = 2.0;
    public static final double DEFAULT_JITTER = 0.5;
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;
    public static final int DEFAULT_SLIDING_WINDOW_SIZE = 20;
    public static final int DEFAULT_MINIMUM_CALLS = 10;
    public static final Duration DEFAULT_OPEN_STATE_WAIT = Duration.ofSeconds(30);
    public static final int DEFAULT_HALF_OPEN_CALLS = 3;

    public ResiliencePolicy {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(openStateWait, "openStateWait");
        requirePositive(timeout, "timeout");
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        requirePositive(openStateWait, "openStateWait");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (backoffMultiplier < 1.0) {
            throw new IllegalArgumentException("backoffMultiplier must be at least 1: " + backoffMultiplier);
        }
        if (jitter < 0.0 || jitter >= 1.0) {
            throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
        }
        if (failureRateThreshold <= 0f || failureRateThreshold > 100f) {
            throw new IllegalArgumentException("failureRateThreshold must be in (0, 100]: " + failureRateThreshold);
        }
        if (slidingWindowSize < 1 || minimumCalls < 1 || halfOpenCalls < 1) {
            throw new IllegalArgumentException("slidingWindowSize, minimumCalls and halfOpenCalls must be positive");
        }
    }

    /** The defaults: 5 s per attempt, 3 attempts, 200 ms backoff doubling with ±50 % jitter. */
    public static ResiliencePolicy defaults() {
        return new ResiliencePolicy(DEFAULT_TIMEOUT, DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF,
                DEFAULT_BACKOFF_MULTIPLIER, DEFAULT_JITTER, DEFAULT_MAX_BACKOFF,
                DEFAULT_FAILURE_RATE_THRESHOLD, DEFAULT_SLIDING_WINDOW_SIZE, DEFAULT_MINIMUM_CALLS,
                DEFAULT_OPEN_STATE_WAIT, DEFAULT_HALF_OPEN_CALLS);
    }

    /** This policy with another per-attempt timeout. */
    public ResiliencePolicy withTimeout(Duration newTimeout) {
        return new ResiliencePolicy(newTimeout, maxAttempts, initialBackoff, backoffMultiplier, jitter,
                maxBackoff, failureRateThreshold, slidingWindowSize, minimumCalls, openStateWait, halfOpenCalls);
    }

    /** This policy with another number of attempts and first backoff. */
    public ResiliencePolicy withRetry(int newMaxAttempts, Duration newInitialBackoff) {
        return new ResiliencePolicy(timeout, newMaxAttempts, newInitialBackoff, backoffMultiplier, jitter,
                maxBackoff, failureRateThreshold, slidingWindowSize, minimumCalls, openStateWait, halfOpenCalls);
    }

    /** This policy with another breaker: threshold (%), window and minimum calls, open-state wait. */
    public ResiliencePolicy withBreaker(float newThreshold, int newWindow, int newMinimumCalls, Duration newOpenWait) {
        return new ResiliencePolicy(timeout, maxAttempts, initialBackoff, backoffMultiplier, jitter,
                maxBackoff, newThreshold, newWindow, newMinimumCalls, newOpenWait, halfOpenCalls);
    }

    /** The longest a call can take: every attempt timing out plus the longest backoff waits. */
    public Duration worstCase() {
        Duration total = timeout.multipliedBy(maxAttempts);
        double wait = initialBackoff.toMillis();
        for (int i = 1; i < maxAttempts; i++) {
            long capped = (long) Math.min(wait * (1 + jitter), maxBackoff.toMillis());
            total = total.plusMillis(capped);
            wait *= backoffMultiplier;
        }
        return total;
    }

    private static void requirePositive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
