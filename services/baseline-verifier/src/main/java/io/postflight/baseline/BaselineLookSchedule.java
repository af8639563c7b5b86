package io.postflight.baseline;

import io.postflight.judge.schedule.BaselineSchedule;
import io.postflight.judge.schedule.FastCheckSchedule;
import java.time.Duration;
import java.util.Objects;

/**
 * When the baseline verifier looks at a deployment's traffic, and when it gives up: the pure
 * {@link BaselineSchedule} the backtest replays too, plus what only the running service has (its
 * punctuator's tick, the bound of one look's fetches, the outage rule).
 *
 * @param timing statistical looks, extension and fast checks, from the deployment on
 * @param maxFailedLooks failed looks in a row that make the phase INCONCLUSIVE
 * @param tick period of the punctuator that starts looks and collects their results
 * @param lookTimeout limit of one look's fetches; a look that takes longer counts as failed
 */
public record BaselineLookSchedule(BaselineSchedule timing, int maxFailedLooks, Duration tick, Duration lookTimeout) {

    public BaselineLookSchedule {
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(tick, "tick");
        Objects.requireNonNull(lookTimeout, "lookTimeout");
        if (maxFailedLooks < 1) {
            throw new IllegalArgumentException("maxFailedLooks must be at least 1");
        }
    }

    public FastCheckSchedule fastChecks() {
        return timing.fastChecks();
    }

    public Duration lookInterval() {
        return timing.lookInterval();
    }

    public Duration step() {
        return timing.step();
    }

    public long stepSeconds() {
        return timing.stepSeconds();
    }
}
