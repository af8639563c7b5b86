package io.postflight.judge.drift;

/**
 * What one look found about memory and its limit (see {@link MemoryLimitPolicy}): how high the
 * working-set floor stayed over the last {@code sustain}, and the most urgent projection to the
 * limit over the windows tested. Bytes, hours since the deployment, bytes per hour; NaN where a
 * figure does not apply.
 *
 * @param outcome what the look concluded
 * @param limitBytes the memory limit
 * @param share the share of the limit the first rule watches
 * @param sustainHours how long the floor must stay above the share
 * @param sustainedFloor lowest working-set sample over the last {@code sustainHours}
 * @param previousFloor the previous version's typical floor (median of its block minima)
 * @param peakBytes highest working-set sample of the latest block
 * @param windowStartHours start of the window the projection comes from
 * @param windowEndHours its end (the look)
 * @param slope Sen's slope of the block floors over that window, with its 95 % interval
 * @param hoursToLimit hours until the peak reaches the limit at the slope
 * @param hoursToLimitSlowest the same at the lower end of the slope's interval (infinite when it
 *     does not exclude a flat floor)
 * @param horizonHours the second rule's horizon
 */
public record LimitAssessment(
        Outcome outcome,
        double limitBytes,
        double share,
        double sustainHours,
        double sustainedFloor,
        double previousFloor,
        double peakBytes,
        double windowStartHours,
        double windowEndHours,
        TheilSen.Estimate slope,
        double hoursToLimit,
        double hoursToLimitSlowest,
        double horizonHours) {

    /** What a look concluded about the memory limit. */
    public enum Outcome {
        /** No limit known, or no memory samples in the window. */
        NOT_MEASURED,
        /** Below the share and not heading for the limit within the horizon. */
        CLEAR,
        /**
         * At the slope's best estimate the limit is within the horizon, but the slope's interval
         * does not establish it: no rollback, and no pass either while it lasts.
         */
        NOT_ESTABLISHED,
        /** At or heading for the limit, but so was the previous version: a rollback restores the same. */
        AS_PREVIOUS,
        /** The floor stayed above the share of the limit for the whole sustain period. */
        AT_LIMIT,
        /** Even the slowest plausible growth reaches the limit within the horizon. */
        HEADING_FOR_LIMIT
    }

    public boolean breached() {
        return outcome == Outcome.AT_LIMIT || outcome == Outcome.HEADING_FOR_LIMIT;
    }

    /** Whether this look's evidence speaks of the limit within the horizon (a pass must not follow). */
    public boolean limitWithinHorizon() {
        return breached() || outcome == Outcome.NOT_ESTABLISHED;
    }

    static LimitAssessment notMeasured(double limit, MemoryLimitPolicy p) {
        return new LimitAssessment(Outcome.NOT_MEASURED, limit, p.share(), p.sustain().toSeconds() / 3600.0,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, Double.NaN, Double.NaN,
                p.horizonHours());
    }
}
