package io.postflight.judge.schedule;

import io.postflight.judge.JudgeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When the baseline verifier looks at a deployment's traffic with the statistical judge, when it
 * extends an inconclusive phase and when it gives up; and, in {@link #fastChecks()}, when it runs
 * the fast checks. All times are wall-clock milliseconds or epoch seconds computed from the
 * deployment, never read from a clock: the verifier passes its clock's time, the backtest the
 * replayed time.
 *
 * @param phaseStart earliest first statistical look after the deployment (the phase also waits for
 *     HEALTH to pass)
 * @param phaseEnd time after the candidate's first step by which the judge's window must be over;
 *     a look without a verdict then ends the phase, unless it is extended
 * @param lookInterval time between two statistical looks
 * @param dataDelay age a step must reach before its data counts as complete
 * @param step resolution of the statistical looks' traffic series (whole seconds)
 * @param maxExtension how long after {@code phaseEnd} an INCONCLUSIVE verdict keeps the phase
 *     looking, on a window that grows with the data; zero ends the phase at {@code phaseEnd}
 * @param fastChecks when the hard triggers run on short steps
 */
public record BaselineSchedule(Duration phaseStart, Duration phaseEnd, Duration lookInterval, Duration dataDelay,
                               Duration step, Duration maxExtension, FastCheckSchedule fastChecks) {

    public static final Duration DEFAULT_PHASE_START = Duration.ofMinutes(5);
    public static final Duration DEFAULT_PHASE_END = Duration.ofMinutes(30);
    public static final Duration DEFAULT_LOOK_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_DATA_DELAY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_STEP = Duration.ofSeconds(60);
    public static final Duration DEFAULT_MAX_EXTENSION = Duration.ofMinutes(30);

    /** The schedule with every default. */
    public static final BaselineSchedule DEFAULT = new BaselineSchedule(DEFAULT_PHASE_START, DEFAULT_PHASE_END,
            DEFAULT_LOOK_INTERVAL, DEFAULT_DATA_DELAY, DEFAULT_STEP, DEFAULT_MAX_EXTENSION, FastCheckSchedule.DEFAULT);

    public BaselineSchedule {
        Objects.requireNonNull(phaseStart, "phaseStart");
        Objects.requireNonNull(dataDelay, "dataDelay");
        Objects.requireNonNull(maxExtension, "maxExtension");
        Objects.requireNonNull(fastChecks, "fastChecks");
        Steps.requirePositive(phaseEnd, "phase-end");
        Steps.requirePositive(lookInterval, "look-interval");
        Steps.requireWholeSeconds(step, "step");
        if (phaseStart.isNegative() || dataDelay.isNegative() || maxExtension.isNegative()) {
            throw new IllegalArgumentException("phase-start, data-delay and max-extension must not be negative");
        }
    }

    public long stepSeconds() {
        return step.toSeconds();
    }

    /** Time of the first statistical look of a phase that began (HEALTH passed) at {@code startedMillis}. */
    public long firstLookAt(Instant deployedAt, long startedMillis) {
        return Math.max(startedMillis, deployedAt.plus(phaseStart).toEpochMilli());
    }

    /** The next look after one that started at {@code startedMillis}: looks keep their rhythm. */
    public long nextLookAt(long startedMillis, long nowMillis) {
        return Math.max(startedMillis + lookInterval.toMillis(), nowMillis);
    }

    /** Start of the candidate's first step: the first step boundary at or after the deployment. */
    public long candidateStartSeconds(Instant deployedAt) {
        return Steps.firstBoundaryAtOrAfter(deployedAt, stepSeconds());
    }

    /** The newest time whose data is complete at wall-clock {@code nowMillis}, on the step grid. */
    public long dataEndSeconds(long nowMillis) {
        return Steps.dataEnd(nowMillis, dataDelay, stepSeconds());
    }

    /**
     * After this wall-clock time a look without a verdict ends the phase (or extends it): the phase
     * end, counted like the judge's window from the candidate's first step, once its data is complete.
     */
    public long deadlineMillis(Instant deployedAt) {
        return (candidateStartSeconds(deployedAt) + phaseEnd.toSeconds()) * 1000 + dataDelay.toMillis();
    }

    /** After this wall-clock time no extension is left: the phase ends at the next look. */
    public long finalDeadlineMillis(Instant deployedAt) {
        return deadlineMillis(deployedAt) + maxExtension.toMillis();
    }

    /**
     * Whether a look at {@code nowMillis} whose verdict is {@code status} keeps the phase going: a
     * verdict still WATCHING before the deadline, or an INCONCLUSIVE one while extension is left.
     */
    public boolean keepsLooking(JudgeStatus status, Instant deployedAt, long nowMillis) {
        if (status == JudgeStatus.WATCHING) {
            return nowMillis < deadlineMillis(deployedAt);
        }
        return status == JudgeStatus.INCONCLUSIVE && nowMillis < finalDeadlineMillis(deployedAt);
    }

    /**
     * The judge's window for a look whose data ends at {@code dataEndSeconds}: {@code window} until
     * it is over, then, while the phase is extended, all the complete data since the candidate's
     * first step (at most {@code window + maxExtension}), so more traffic can settle the verdict.
     */
    public Duration judgedWindow(Duration window, Instant deployedAt, long dataEndSeconds) {
        long observed = dataEndSeconds - candidateStartSeconds(deployedAt);
        long longest = window.plus(maxExtension).toSeconds();
        long seconds = Math.max(window.toSeconds(), Math.min(observed, longest));
        return Duration.ofSeconds(seconds);
    }

    /**
     * When the first look whose data covers {@code window} happens, for a phase that began at
     * {@code startedMillis}: the earliest a deployment that passes can be promoted.
     */
    public long firstFullWindowLookAt(Duration window, Instant deployedAt, long startedMillis) {
        long first = firstLookAt(deployedAt, startedMillis);
        long needed = (candidateStartSeconds(deployedAt) + window.toSeconds()) * 1000 + dataDelay.toMillis();
        long interval = lookInterval.toMillis();
        long k = Math.max(0, -Math.floorDiv(-(needed - first), interval));
        return first + k * interval;
    }
}
