package io.postflight.judge.schedule;

import java.time.Duration;
import java.time.Instant;

/** The step-grid arithmetic both baseline schedules share. */
final class Steps {

    private Steps() {
    }

    /** The first multiple of {@code step} seconds at or after {@code at}, so every step lies wholly after it. */
    static long firstBoundaryAtOrAfter(Instant at, long step) {
        long seconds = at.getEpochSecond() + (at.getNano() > 0 ? 1 : 0);
        return Math.floorDiv(seconds + step - 1, step) * step;
    }

    /** The end of the newest step that is at least {@code delay} old at {@code nowMillis}. */
    static long dataEnd(long nowMillis, Duration delay, long step) {
        long settled = Math.floorDiv(nowMillis - delay.toMillis(), 1000);
        return Math.floorDiv(settled, step) * step;
    }

    static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    static void requireWholeSeconds(Duration d, String name) {
        if (d == null || d.toSeconds() < 1 || d.toNanosPart() != 0) {
            throw new IllegalArgumentException(name + " must be a whole number of seconds: " + d);
        }
    }
}
