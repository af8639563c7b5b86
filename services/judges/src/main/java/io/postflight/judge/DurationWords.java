package io.postflight.judge;

import java.time.Duration;

/**
 * Durations as verdicts and decisions write them: whole minutes as {@code "30 min"}, anything
 * shorter or not a whole number of minutes with its seconds ({@code "45 s"}, {@code "1 min 30 s"}).
 * Shortened phases (the demo's, a test's) last seconds; writing them in whole minutes gave
 * "over 0 min" and "extended to 0 min".
 */
public final class DurationWords {

    private DurationWords() {
    }

    /** {@code d} in words, rounded down to the second; negative durations read as zero. */
    public static String of(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        long minutes = seconds / 60;
        long rest = seconds % 60;
        if (minutes == 0) {
            return rest + " s";
        }
        return rest == 0 ? minutes + " min" : minutes + " min " + rest + " s";
    }

    /** {@link #of(Duration)} of a number of seconds. */
    public static String ofSeconds(long seconds) {
        return of(Duration.ofSeconds(seconds));
    }
}
