package io.postflight.judge.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When the baseline verifier runs its fast checks (the hard triggers on short steps): from
 * {@code start} after the deployment, every {@code interval}, on steps of {@code step} that are at
 * least {@code dataDelay} old, until {@code end} after the deployment. They run whether or not the
 * health phase has finished: a version that answers its probes but fails its requests is caught
 * in the first minutes.
 *
 * @param start first fast check after the deployment
 * @param interval time between two fast checks
 * @param step resolution of the fast checks' traffic series (whole seconds); with Prometheus it must
 *     span at least two scrapes
 * @param dataDelay age a step must reach before its data counts as complete
 * @param end no fast check starts later than this after the deployment (the statistical looks
 *     carry the latency guard on from there)
 */
public record FastCheckSchedule(Duration start, Duration interval, Duration step, Duration dataDelay, Duration end) {

    public static final Duration DEFAULT_START = Duration.ofSeconds(60);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    public static final Duration DEFAULT_STEP = Duration.ofSeconds(15);
    public static final Duration DEFAULT_DATA_DELAY = Duration.ofSeconds(15);
    public static final Duration DEFAULT_END = Duration.ofMinutes(5);

    /** The schedule with every default. */
    public static final FastCheckSchedule DEFAULT = new FastCheckSchedule(DEFAULT_START, DEFAULT_INTERVAL,
            DEFAULT_STEP, DEFAULT_DATA_DELAY, DEFAULT_END);

    public FastCheckSchedule {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(dataDelay, "dataDelay");
        Objects.requireNonNull(end, "end");
        Steps.requirePositive(interval, "fast-check-interval");
        Steps.requireWholeSeconds(step, "fast-check-step");
        if (start.isNegative() || dataDelay.isNegative() || end.isNegative()) {
            throw new IllegalArgumentException("fast-check start, data delay and end must not be negative");
        }
    }

    public long stepSeconds() {
        return step.toSeconds();
    }

    /** Whether fast checks run at all ({@code end} zero switches them off). */
    public boolean enabled() {
        return !end.isZero() && end.compareTo(start) >= 0;
    }

    /** Wall-clock time of the first fast check. */
    public long firstCheckAt(Instant deployedAt) {
        return deployedAt.plus(start).toEpochMilli();
    }

    /** Whether a fast check due at {@code nowMillis} is still in the fast-check period. */
    public boolean runsAt(Instant deployedAt, long nowMillis) {
        return enabled() && nowMillis <= deployedAt.plus(end).toEpochMilli();
    }

    /** The next fast check after one that started at {@code startedMillis}, keeping the rhythm. */
    public long nextCheckAt(long startedMillis, long nowMillis) {
        return Math.max(startedMillis + interval.toMillis(), nowMillis);
    }

    /** Start of the candidate's first fast step: the first step boundary at or after the deployment. */
    public long candidateStartSeconds(Instant deployedAt) {
        return Steps.firstBoundaryAtOrAfter(deployedAt, stepSeconds());
    }

    /** The newest time whose data is complete at wall-clock {@code nowMillis}, on the fast step grid. */
    public long dataEndSeconds(long nowMillis) {
        return Steps.dataEnd(nowMillis, dataDelay, stepSeconds());
    }
}
