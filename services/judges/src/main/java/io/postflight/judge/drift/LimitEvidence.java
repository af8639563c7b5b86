package io.postflight.judge.drift;

import io.postflight.contracts.Evidence;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a {@link LimitAssessment} into the {@code memory-limit} evidence, e.g. "memory at its
 * limit: the working set stayed at or above 95 % of its 2 GiB limit for the whole last 1 h
 * (lowest 1.98 GiB; previous version's floor 910 MiB)".
 */
final class LimitEvidence {

    static final String CHECK = "memory-limit";

    private LimitEvidence() {
    }

    static Evidence of(LimitAssessment a) {
        return new Evidence(CHECK, a.breached(), summary(a), figures(a),
                Map.of("outcome", a.outcome().name().toLowerCase(Locale.ROOT), "unit", "bytes"));
    }

    static String summary(LimitAssessment a) {
        if (a.outcome() == LimitAssessment.Outcome.NOT_MEASURED) {
            return Double.isFinite(a.limitBytes()) ? "memory limit: too few recent samples to compare with it"
                    : "memory limit: not known, only the trend is judged";
        }
        String limit = Quantities.bytes(a.limitBytes());
        String share = percent(a.share()) + " of its " + limit + " limit";
        String floor = " (lowest " + Quantities.bytes(a.sustainedFloor()) + ", " + percent(a.sustainedFloor()
                / a.limitBytes()) + previous(a) + ")";
        String sustain = Quantities.fixed(a.sustainHours(), a.sustainHours() % 1 == 0 ? 0 : 1) + " h";
        return switch (a.outcome()) {
            case AT_LIMIT -> "memory at its limit: the working set stayed at or above " + share
                    + " for the whole last " + sustain + floor;
            case HEADING_FOR_LIMIT -> "memory heading for its limit: " + projection(a) + "; even at the slowest "
                    + "plausible rate the limit is reached " + Quantities.within(a.hoursToLimitSlowest())
                    + " (acts within " + horizon(a) + ")";
            case AS_PREVIOUS -> "memory near its limit, as the previous version's was" + floor
                    + ": a rollback would not lower it";
            case NOT_ESTABLISHED -> "memory may be heading for its limit: " + projection(a)
                    + " at the estimated rate, but the interval still allows growth too slow to act on (acts when "
                    + "even the slowest plausible rate reaches it within " + horizon(a) + ")";
            default -> "memory below its limit: over the last " + sustain + " the working set stayed under "
                    + share + floor + "; no established growth reaches the limit within " + horizon(a);
        };
    }

    private static String projection(LimitAssessment a) {
        if (a.slope() == null) {
            return "no window long enough to project";
        }
        DriftResource m = DriftResource.MEMORY;
        return "floor " + m.formatRate(a.slope().slope()) + " (95 % CI " + m.formatRate(a.slope().lower()) + " to "
                + m.formatRate(a.slope().upper()) + ") over hours " + Quantities.fixed(a.windowStartHours(), 1) + "-"
                + Quantities.fixed(a.windowEndHours(), 1) + ", latest peak " + Quantities.bytes(a.peakBytes())
                + " of " + Quantities.bytes(a.limitBytes()) + ", limit " + Quantities.within(a.hoursToLimit());
    }

    private static String previous(LimitAssessment a) {
        return Double.isFinite(a.previousFloor()) ? "; previous version's floor "
                + Quantities.bytes(a.previousFloor()) : "";
    }

    private static String horizon(LimitAssessment a) {
        return Quantities.fixed(a.horizonHours(), a.horizonHours() % 1 == 0 ? 0 : 1) + " h";
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f %%", fraction * 100);
    }

    static Map<String, Double> figures(LimitAssessment a) {
        Map<String, Double> f = new LinkedHashMap<>();
        put(f, "limitBytes", a.limitBytes());
        put(f, "share", a.share());
        put(f, "sustainHours", a.sustainHours());
        put(f, "sustainedFloorBytes", a.sustainedFloor());
        put(f, "previousFloorBytes", a.previousFloor());
        put(f, "peakBytes", a.peakBytes());
        put(f, "windowStartHours", a.windowStartHours());
        put(f, "windowEndHours", a.windowEndHours());
        if (a.slope() != null) {
            put(f, "slopePerHour", a.slope().slope());
            put(f, "slopeLowerPerHour", a.slope().lower());
            put(f, "slopeUpperPerHour", a.slope().upper());
        }
        // infinite projections (no growth) are left out: JSON has no infinity
        put(f, "hoursToLimit", a.hoursToLimit());
        put(f, "hoursToLimitSlowest", a.hoursToLimitSlowest());
        put(f, "horizonHours", a.horizonHours());
        return f;
    }

    private static void put(Map<String, Double> f, String key, double v) {
        if (Double.isFinite(v)) {
            f.put(key, v);
        }
    }
}
