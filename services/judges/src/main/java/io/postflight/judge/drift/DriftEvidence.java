package io.postflight.judge.drift;

import io.postflight.contracts.Evidence;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a {@link TrendAssessment} into evidence: figures by name for machines, and a sentence for
 * the on-call engineer, e.g. "memory leak: memory floor +38 MiB/h (95 % CI +31 MiB/h to +45 MiB/h)
 * over hours 3.0-6.0 relative to the previous version at the same time of day (previous version
 * alone +0.4 MiB/h); a sustained rise beyond chance (36 blocks of samples tested, the previous
 * version's own movement taken out); a rollback needs at least +5.4 MiB/h or the limit near; limit
 * 2 GiB in about 9 h". The trend
 * test's statistic, p-value and level are figures ({@code mannKendallZ}, {@code pValue},
 * {@code alphaPerTest}), not words.
 */
final class DriftEvidence {

    private DriftEvidence() {
    }

    static Evidence of(TrendAssessment a) {
        return new Evidence(a.resource().check(), a.breached(), summary(a), figures(a), labels(a));
    }

    static String summary(TrendAssessment a) {
        DriftResource r = a.resource();
        String window = Quantities.span(a.windowStartHours(), a.windowEndHours());
        switch (a.outcome()) {
            case NOT_MEASURED:
                return r.label() + ": no samples";
            case INSUFFICIENT:
                return r.label() + ": only " + a.blocks() + " usable blocks in " + window + ", too few to test";
            default:
                break;
        }
        TheilSen.Estimate s = a.slope();
        MannKendall.Result mk = a.mannKendall();
        StringBuilder b = new StringBuilder();
        b.append(switch (a.outcome()) {
            case BREACHED -> switch (r) {
                case MEMORY -> "memory leak: ";
                case CPU -> "CPU creep: ";
                case DISK -> "disk growth: ";
            };
            case UNREFERENCED -> r.label() + " not judged (no previous-version data at the same time of day, "
                    + "a daily cycle cannot be ruled out): ";
            default -> r.label() + (a.significant() ? " rising, below relevance: " : " steady: ");
        });
        b.append(r.label()).append(' ').append(r.formatRate(s.slope()))
                .append(" (95 % CI ").append(r.formatRate(s.lower())).append(" to ").append(r.formatRate(s.upper()))
                .append(") over ").append(window);
        switch (a.reference()) {
            case SEASONAL -> b.append(" relative to the previous version at the same time of day");
            case LEVEL -> b.append(" relative to the previous version's level");
            case NONE -> b.append(", no previous version to compare with");
        }
        if (Double.isFinite(a.baselineSlopePerHour())) {
            b.append(" (previous version alone ").append(r.formatRate(a.baselineSlopePerHour())).append(')');
        }
        // In words: whether the rise is beyond chance, on how many blocks, against what. The test's
        // statistic, p-value and level stay in the figures for whoever audits the decision.
        b.append(a.significant() ? "; a sustained rise beyond chance" : "; no sustained rise shown beyond chance")
                .append(" (").append(a.blocks()).append(" blocks of samples tested")
                .append(Double.isFinite(mk.covariateCorrelation()) ? ", the previous version's own movement taken out"
                        : "")
                .append(')');
        boolean limitKnown = Double.isFinite(a.limitBytes());
        if (a.reference() == TrendAssessment.ReferenceMode.SEASONAL) {
            b.append("; a rollback needs at least ").append(r.formatRate(a.minSlopePerHour()))
                    .append(limitKnown ? " or the limit near" : "");
        } else if (limitKnown) {
            // Without the previous version's same hours a daily cycle looks like a trend: only a rise
            // that would reach the limit soon is acted on (TrendAnalyzer).
            b.append("; without the previous version's same hours only a rise reaching the limit soon is rolled back");
        }
        if (Double.isFinite(a.limitBytes()) && Double.isFinite(a.hoursToLimit())) {
            b.append("; limit ").append(Quantities.bytes(a.limitBytes())).append(' ');
            // a projection from a trend that is not significant is noise: do not time the limit with it
            b.append(a.significant() ? Quantities.within(a.hoursToLimit()) : "(no established growth toward it)");
        }
        return b.toString();
    }

    static Map<String, Double> figures(TrendAssessment a) {
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("windowStartHours", a.windowStartHours());
        f.put("windowEndHours", a.windowEndHours());
        f.put("blocks", (double) a.blocks());
        f.put("alphaPerTest", a.alphaPerTest());
        if (a.mannKendall() != null) {
            MannKendall.Result mk = a.mannKendall();
            f.put("mannKendallS", mk.s());
            f.put("mannKendallVariance", mk.variance());
            f.put("autocorrelationFactor", mk.autocorrelationFactor());
            f.put("mannKendallZ", mk.z());
            f.put("pValue", mk.pUpper());
            if (Double.isFinite(mk.covariateCorrelation())) {
                f.put("covariateCorrelation", mk.covariateCorrelation());
            }
        }
        if (a.slope() != null) {
            f.put("slopePerHour", a.slope().slope());
            f.put("slopeLowerPerHour", a.slope().lower());
            f.put("slopeUpperPerHour", a.slope().upper());
        }
        putFinite(f, "baselineSlopePerHour", a.baselineSlopePerHour());
        putFinite(f, "referenceLevel", a.referenceLevel());
        putFinite(f, "minSlopePerHour", a.minSlopePerHour());
        putFinite(f, "excessNow", a.excessNow());
        putFinite(f, "limitBytes", a.limitBytes());
        putFinite(f, "peakBytes", a.peakBytes());
        // an infinite projection (no growth) is left out: JSON has no infinity
        putFinite(f, "hoursToLimit", a.hoursToLimit());
        return f;
    }

    private static Map<String, String> labels(TrendAssessment a) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("outcome", a.outcome().name().toLowerCase(java.util.Locale.ROOT));
        l.put("reference", a.reference().name().toLowerCase(java.util.Locale.ROOT));
        l.put("aggregate", "block-" + a.resource().aggregate().name().toLowerCase(java.util.Locale.ROOT));
        l.put("unit", a.resource() == DriftResource.CPU ? "cores" : "bytes");
        if (a.mannKendall() != null) {
            l.put("test", Double.isFinite(a.mannKendall().covariateCorrelation()) ? "partial-mann-kendall"
                    : "mann-kendall");
        }
        return l;
    }

    private static void putFinite(Map<String, Double> f, String key, double v) {
        if (Double.isFinite(v)) {
            f.put(key, v);
        }
    }
}
