package io.postflight.judge.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * When the drift verifier asks its judge: the clock starts at the PROMOTE, the first look is the
 * first look-interval boundary at or after {@code minObservation}, then every {@code lookInterval},
 * the last at {@code phaseLength}. The previous version's reference window ends at the promotion.
 *
 * @param phaseLength how long the promoted version is watched
 * @param lookInterval time between two looks, counted from the phase start
 * @param minObservation no look before this much of the phase has passed
 * @param sampleInterval one sample per interval, sample {@code i} starting {@code i} intervals into the phase
 */
public record DriftSchedule(Duration phaseLength, Duration lookInterval, Duration minObservation,
                            Duration sampleInterval) {

    /** One sample a minute. */
    public static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofMinutes(1);

    public DriftSchedule {
        Objects.requireNonNull(minObservation, "minObservation");
        Steps.requirePositive(phaseLength, "phase-length");
        Steps.requirePositive(lookInterval, "look-interval");
        Steps.requireWholeSeconds(sampleInterval, "sample-interval");
    }

    /** Seconds into the phase of the first look. */
    public long firstLookSeconds() {
        long look = lookInterval.toSeconds();
        return Math.min(-Math.floorDiv(-minObservation.toSeconds(), look) * look, phaseLength.toSeconds());
    }

    /**
     * The latest scheduled look at or before {@code elapsedSeconds} into the phase (the phase end
     * once it is over), or -1 before the first look.
     */
    public long lookAtOrBefore(long elapsedSeconds) {
        if (elapsedSeconds < firstLookSeconds()) {
            return -1;
        }
        long phase = phaseLength.toSeconds();
        long look = lookInterval.toSeconds();
        return elapsedSeconds >= phase ? phase : (elapsedSeconds / look) * look;
    }

    /** Whether a look at {@code secondsIntoPhase} is the phase's last. */
    public boolean isLast(long secondsIntoPhase) {
        return secondsIntoPhase >= phaseLength.toSeconds();
    }

    /** Sample slots in the whole phase. */
    public int phaseSamples() {
        return (int) (phaseLength.toSeconds() / sampleInterval.toSeconds());
    }

    /** Sample slots that start before {@code secondsIntoPhase}, capped at the phase's slots. */
    public int samplesBefore(long secondsIntoPhase) {
        long step = sampleInterval.toSeconds();
        return (int) Math.min(phaseSamples(), Math.max(0, -Math.floorDiv(-secondsIntoPhase, step)));
    }
}
