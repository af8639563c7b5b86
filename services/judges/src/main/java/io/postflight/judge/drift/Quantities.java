package io.postflight.judge.drift;

import io.postflight.judge.DurationWords;
import java.util.Locale;

/** Human renderings of bytes, cores, hours and p-values for evidence summaries. */
final class Quantities {
    private static final double KIB = 1024.0;
    private static final double MIB = KIB * 1024;
    private static final double GIB = MIB * 1024;

    private Quantities() {
    }

    /** "2 GiB", "1.5 GiB", "38 MiB", "7.5 MiB", "512 KiB". */
    static String bytes(double b) {
        if (!Double.isFinite(b)) {
            return "n/a";
        }
        double a = Math.abs(b);
        if (a >= GIB) {
            return trim(b / GIB) + " GiB";
        }
        if (a >= MIB) {
            return trim(b / MIB) + " MiB";
        }
        return trim(b / KIB) + " KiB";
    }

    /** "0.0420 cores", "1.25 cores". */
    static String cores(double c) {
        if (!Double.isFinite(c)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, Math.abs(c) >= 1 ? "%.2f cores" : "%.4f cores", c);
    }

    /** When a limit is reached: "in about 9 h", "in under 1 h", "in about 3 days", "not within a month". */
    static String within(double h) {
        if (!Double.isFinite(h) || h >= 24 * 30) {
            return "not within a month at this rate";
        }
        if (h < 1) {
            return "in under 1 h";
        }
        if (h >= 72) {
            return String.format(Locale.ROOT, "in about %.0f days", h / 24);
        }
        return String.format(Locale.ROOT, "in about %.0f h", h);
    }

    /**
     * A window since promotion: "hours 2.5-5.3", or "minutes 3-12" while it ends within two hours
     * (a window of minutes read as "hours 0.0-0.1" says nothing).
     */
    static String span(double startHours, double endHours) {
        if (endHours < 2) {
            return String.format(Locale.ROOT, "minutes %.0f-%.0f", startHours * 60, endHours * 60);
        }
        return "hours " + fixed(startHours, 1) + "-" + fixed(endHours, 1);
    }

    /** A time since the watch began: under two hours as {@link DurationWords} writes it, then hours ("9.25 h"). */
    static String elapsed(long seconds) {
        if (seconds < 7200) {
            return DurationWords.ofSeconds(seconds);
        }
        return fixed(seconds / 3600.0, seconds % 3600 == 0 ? 0 : 2) + " h";
    }

    static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Integers bare, below 10 one decimal, otherwise rounded: 2, 1.5, 38. */
    private static String trim(double v) {
        double a = Math.abs(v);
        if (a >= 10 || Math.abs(v - Math.rint(v)) < 0.05) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
