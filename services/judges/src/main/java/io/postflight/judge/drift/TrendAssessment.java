package io.postflight.judge.drift;

/**
 * What one look found for one resource: the trend of the candidate's excess over the previous
 * version in the analysis window, and whether it argues for a rollback.
 *
 * <p>Rates are per hour in the resource's unit (bytes or cores); times are hours since the
 * deployment. Figures that do not apply (no limit, no test) are NaN.
 *
 * @param resource the gauge
 * @param outcome what the look concluded for it
 * @param reference how the previous version was used to take out daily cycles
 * @param windowStartHours start of the analysis window
 * @param windowEndHours end of the analysis window (the look)
 * @param blocks valid blocks tested
 * @param mannKendall the trend test of the excess, or null when not tested
 * @param slope Sen's slope of the excess with its 95 % interval (using the corrected variance), or null
 * @param baselineSlopePerHour the previous version's own slope over the comparable hours
 * @param referenceLevel the previous version's level (memory floor, CPU) or growth rate (disk)
 *     that scales the minimum slope
 * @param minSlopePerHour the smallest slope worth a rollback
 * @param excessNow the candidate minus the reference over the last hour of the window
 * @param limitBytes the memory limit, or NaN
 * @param peakBytes the latest working-set peak, or NaN
 * @param hoursToLimit projected hours until the peak reaches the limit at the slope, or NaN
 * @param alphaPerTest the significance level this look had to reach
 */
public record TrendAssessment(
        DriftResource resource,
        Outcome outcome,
        ReferenceMode reference,
        double windowStartHours,
        double windowEndHours,
        int blocks,
        MannKendall.Result mannKendall,
        TheilSen.Estimate slope,
        double baselineSlopePerHour,
        double referenceLevel,
        double minSlopePerHour,
        double excessNow,
        double limitBytes,
        double peakBytes,
        double hoursToLimit,
        double alphaPerTest) {

    /** What a look concluded for one resource. */
    public enum Outcome {
        /** The candidate has no samples of this gauge at all. */
        NOT_MEASURED,
        /** Too few valid blocks in the window to test. */
        INSUFFICIENT,
        /** Tested; no significant and practically relevant upward trend. */
        CLEAR,
        /**
         * Tested without the previous version's data at the same time of day, and not breached:
         * a daily cycle cannot be told from a trend, so this is no evidence of steadiness either.
         */
        UNREFERENCED,
        /** A significant, practically relevant upward trend above the previous version. */
        BREACHED
    }

    /** How the previous version serves as reference. */
    public enum ReferenceMode {
        /** Same time of day one season earlier: takes out the daily cycle. */
        SEASONAL,
        /** The previous version's level only (its window does not reach back a season). */
        LEVEL,
        /** No previous version: the candidate alone. */
        NONE
    }

    public boolean breached() {
        return outcome == Outcome.BREACHED;
    }

    /** Whether the trend is significant at this look's level. */
    public boolean significant() {
        return mannKendall != null && mannKendall.pUpper() <= alphaPerTest;
    }

    static TrendAssessment untested(DriftResource resource, Outcome outcome, ReferenceMode reference,
                                    double startHours, double endHours, int blocks, double alphaPerTest) {
        return new TrendAssessment(resource, outcome, reference, startHours, endHours, blocks, null, null,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, alphaPerTest);
    }
}
