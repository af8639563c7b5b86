package io.postflight.judge.baseline;

import java.util.Locale;

/**
 * Counts as an on-call engineer reads them: a share with its 95 % interval and how many requests it
 * rests on ("2.10 % [1.62–2.72 %] of 3 000 requests"). The interval is Wilson's score interval,
 * which stays inside [0, 100 %] and is honest for rare events and small counts, where the normal
 * approximation is not. Pure.
 */
final class EvidenceWords {
    private static final double Z95 = 1.959963984540054;

    private EvidenceWords() {
    }

    /** {@code events} of {@code trials} as a percentage with its interval and the trials it rests on. */
    static String share(long events, long trials) {
        if (trials <= 0) {
            return "no requests";
        }
        double[] ci = wilson(events, trials);
        return String.format(Locale.ROOT, "%s [%s–%s] of %s requests", percent((double) events / trials),
                percent(ci[0]), percent(ci[1]), thousands(trials));
    }

    /** Wilson's 95 % score interval of a binomial proportion, as {lower, upper}. */
    static double[] wilson(long events, long trials) {
        double n = trials;
        double p = events / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        // Exact at the edges: none seen cannot have a lower bound above 0, all seen an upper below 1.
        return new double[] {events == 0 ? 0 : Math.max(0, centre - half),
                events == trials ? 1 : Math.min(1, centre + half)};
    }

    /** A share as a percentage with the digits that matter: 12.0 %, 2.10 %, 0.043 %. */
    static String percent(double share) {
        double pct = 100 * share;
        String digits = pct >= 10 ? "%.1f" : pct >= 1 ? "%.2f" : pct == 0 ? "%.0f" : "%.2g";
        return String.format(Locale.ROOT, digits + " %%", pct);
    }

    /** 17380 as "17 380": thin spaces would be lost in logs and alerts, plain ones are not. */
    static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n).replace(',', ' ');
    }
}
