package io.postflight.baseline;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When the baseline verifier looks at a deployment's traffic, and when it gives up.
 *
 * @param phaseStart earliest first look after the deployment
 * @param phaseEnd time after the deployment by which a verdict must exist
 * @param lookInterval time between two looks at one deployment
 * @param dataDelay age a step must reach before its data counts as complete
 * @param step resolution of the traffic series (whole seconds)
 * @param maxFailedLooks failed looks in a row that make the phase INCONCLUSIVE
 * @param tick period of the punctuator that starts looks and collects their results
 * @param lookTimeout limit of one look's fetches; a look that takes longer counts as failed
 */
public record BaselineLookSchedule(Duration phaseStart, Duration phaseEnd, Duration lookInterval, Duration dataDelay,
                           Duration step, int maxFailedLooks, Duration tick, Duration lookTimeout) {

    public BaselineLookSchedule {
        Objects.requireNonNull(phaseStart, "phaseStart");
        Objects.requireNonNull(phaseEnd, "phaseEnd");
        Objects.requireNonNull(lookInterval, "lookInterval");
        Objects.requireNonNull(dataDelay, "dataDelay");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(tick, "tick");
        Objects.requireNonNull(lookTimeout, "lookTimeout");
        if (step.toSeconds() < 1 || step.toNanosPart() != 0) {
            throw new IllegalArgumentException("step must be a whole number of seconds: " + step);
        }
        if (maxFailedLooks < 1) {
            throw new IllegalArgumentException("maxFailedLooks must be at least 1");
        }
    }

    public long stepSeconds() {
        return step.toSeconds();
    }

    /** Time of the first look of a phase that began at {@code startedMillis}. */
    public long firstLookAt(Instant deployedAt, long startedMillis) {
        return Math.max(startedMillis, deployedAt.plus(phaseStart).toEpochMilli());
    }

    /**
     * After this wall-clock time a look without a verdict ends the phase INCONCLUSIVE: the phase end,
     * counted like the judge's window from the candidate's first step, once its data is complete.
     */
    public long deadlineMillis(Instant deployedAt) {
        return (candidateStartSeconds(deployedAt) + phaseEnd.toSeconds()) * 1000 + dataDelay.toMillis();
    }

    /** The newest time whose data is complete at wall-clock {@code nowMillis}, on the step grid. */
    public long dataEndSeconds(long nowMillis) {
        long settled = Math.floorDiv(nowMillis - dataDelay.toMillis(), 1000);
        return Math.floorDiv(settled, stepSeconds()) * stepSeconds();
    }

    /**
     * Start of the candidate's first step: the first step boundary at or after the deployment, so
     * that every step of the candidate lies wholly after it (queries are evaluated on the step grid).
     */
    public long candidateStartSeconds(Instant deployedAt) {
        long seconds = deployedAt.getEpochSecond() + (deployedAt.getNano() > 0 ? 1 : 0);
        return Math.floorDiv(seconds + stepSeconds() - 1, stepSeconds()) * stepSeconds();
    }
}
