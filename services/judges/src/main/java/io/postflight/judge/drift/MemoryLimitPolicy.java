package io.postflight.judge.drift;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * When memory close to its limit fails the drift phase, whatever the trend over the whole watch
 * says. Two rules, both on the working set's floor (the minimum over GC cycles, the live heap):
 *
 * <ul>
 *   <li><b>at the limit</b>: the floor stayed at or above {@code share} of the limit for the whole
 *       last {@code sustain} (one sample above it is not enough);
 *   <li><b>heading for it</b>: over one of the recent {@code windows} (or the recent part the
 *       trend test uses, or the whole watch) the floor rises so steadily that even the lower end
 *       of its slope's 95 % interval reaches the limit within {@code horizon}.
 * </ul>
 *
 * Neither applies when the previous version already lived there (its floor above the share, or the
 * candidate not above it now): a rollback would restore the same memory. The reasons for each
 * default are in {@code docs/judges/drift.md}.
 *
 * @param share fraction of the limit the floor must stay above for the first rule; a cache-heavy
 *     service that runs flat at 90 % of its limit is below the default and is judged by its trend
 * @param sustain how long the floor must stay above the share; also the earliest look of both
 *     rules (they run before the trend test's first look)
 * @param horizon the second rule acts when the limit is this close at the slowest plausible rate
 * @param windows recent windows tested for the second rule, besides the trend test's window and
 *     the whole watch; a window is tested once it holds {@link DriftPolicy#minBlocks()} blocks, and
 *     the shortest tested must show growth still going on (a warm-up that levelled off does not)
 */
public record MemoryLimitPolicy(double share, Duration sustain, Duration horizon, List<Duration> windows) {

    /** 95 %: a flat 90 % working set (a full cache) is not "at the limit". */
    public static final double DEFAULT_SHARE = 0.95;
    /** One hour: two or three GC cycles of even a slow collector, so a peak cannot pass for a floor. */
    public static final Duration DEFAULT_SUSTAIN = Duration.ofHours(1);
    /** Four hours: an OOM kill before the on-call engineer could act on a slower alert. */
    public static final Duration DEFAULT_HORIZON = Duration.ofHours(4);
    /**
     * 2, 3 and 6 hours. Shorter windows cannot bound a slope: GC cycles of 20-40 minutes leave a
     * 30-minute or 1-hour window two to four floors, and the interval of four points is their
     * lowest pairwise slope, which GC noise makes positive by chance.
     */
    public static final List<Duration> DEFAULT_WINDOWS = List.of(Duration.ofHours(2), Duration.ofHours(3),
            Duration.ofHours(6));

    public MemoryLimitPolicy {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("memory limit share must be in (0, 1]: " + share);
        }
        Objects.requireNonNull(sustain, "sustain");
        Objects.requireNonNull(horizon, "horizon");
        windows = List.copyOf(Objects.requireNonNull(windows, "windows"));
        for (Duration d : concat(sustain, horizon, windows)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("memory limit durations must be positive: " + d);
            }
        }
    }

    public static MemoryLimitPolicy defaults() {
        return new MemoryLimitPolicy(DEFAULT_SHARE, DEFAULT_SUSTAIN, DEFAULT_HORIZON, DEFAULT_WINDOWS);
    }

    /** The horizon in hours. */
    double horizonHours() {
        return horizon.toSeconds() / 3600.0;
    }

    private static List<Duration> concat(Duration a, Duration b, List<Duration> rest) {
        java.util.ArrayList<Duration> all = new java.util.ArrayList<>(rest);
        all.add(a);
        all.add(b);
        return all;
    }
}
