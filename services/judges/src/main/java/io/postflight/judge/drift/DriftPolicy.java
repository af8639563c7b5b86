package io.postflight.judge.drift;

import java.time.Duration;
import java.util.Objects;

/**
 * When the drift phase fails, passes or keeps watching. The statistical choices behind each
 * default are argued in {@code docs/judges/drift.md}.
 *
 * @param phaseLength how long after the deployment the new version is watched
 * @param minObservation no look before this much data: a trend needs a few blocks to show
 * @param blockLength samples are reduced to one value per block (memory: the minimum, the floor
 *     after garbage collection; CPU and disk: the median); must exceed the GC cycle
 * @param lookInterval the judge's fixed look schedule; calling it more often adds no looks, so
 *     the false-alarm budget does not depend on how often the service asks
 * @param recentFraction each look tests only the most recent part of what was seen (0.5: the
 *     second half), so a warm-up ramp has left the window once the watch is twice as long as it
 * @param alpha false-rollback budget of the whole phase, split Bonferroni-wise over every
 *     scheduled look and the three resources
 * @param seasonPeriod the daily cycle: a sample is compared with the previous version's sample
 *     one period earlier
 * @param minBlocks fewest valid blocks a look needs to test a resource
 * @param minCoverage fraction of a block's samples, and of a window's blocks, that must be present
 * @param minMemorySlopeFractionPerHour smallest memory growth worth a rollback, as a fraction of
 *     the previous version's memory floor per hour
 * @param minMemorySlopeBytesPerHour and never below this, in bytes per hour
 * @param memoryLimitHorizon a significant memory trend that would reach the memory limit within
 *     this horizon fails the phase even when slower than the slopes above
 * @param minCpuSlopeFractionPerHour smallest CPU growth worth a rollback, as a fraction of the
 *     previous version's CPU per hour
 * @param minCpuSlopeCoresPerHour and never below this, in cores per hour
 * @param minDiskSlopeBytesPerHour smallest excess disk growth worth a rollback, bytes per hour
 * @param minDiskSlopeFractionOfBaselineGrowth and never below this fraction of the previous
 *     version's own (rotation-corrected) growth rate: a version that logs a little more than the
 *     last one is not leaking disk
 * @param memoryLimit when memory at or heading for its limit fails the phase, whatever the trend
 *     test says; these rules look from {@link MemoryLimitPolicy#sustain()} on
 */
public record DriftPolicy(
        Duration phaseLength,
        Duration minObservation,
        Duration blockLength,
        Duration lookInterval,
        double recentFraction,
        double alpha,
        Duration seasonPeriod,
        int minBlocks,
        double minCoverage,
        double minMemorySlopeFractionPerHour,
        double minMemorySlopeBytesPerHour,
        Duration memoryLimitHorizon,
        double minCpuSlopeFractionPerHour,
        double minCpuSlopeCoresPerHour,
        double minDiskSlopeBytesPerHour,
        double minDiskSlopeFractionOfBaselineGrowth,
        MemoryLimitPolicy memoryLimit) {

    private static final double MIB = 1024.0 * 1024.0;

    public static final Duration DEFAULT_PHASE_LENGTH = Duration.ofHours(24);
    /**
     * 4 h: the recent half of the window then holds {@link #DEFAULT_MIN_BLOCKS} blocks, the fewest
     * a look tests; an earlier look could only spend false-alarm budget.
     */
    public static final Duration DEFAULT_MIN_OBSERVATION = Duration.ofHours(4);
    public static final Duration DEFAULT_BLOCK_LENGTH = Duration.ofMinutes(15);
    public static final Duration DEFAULT_LOOK_INTERVAL = Duration.ofMinutes(15);
    public static final double DEFAULT_RECENT_FRACTION = 0.5;
    public static final double DEFAULT_ALPHA = 0.01;
    public static final Duration DEFAULT_SEASON_PERIOD = Duration.ofHours(24);
    public static final int DEFAULT_MIN_BLOCKS = 8;
    public static final double DEFAULT_MIN_COVERAGE = 0.5;
    /** 0.5 %/h: 12 % of the footprint a day, a leak that matters within a week. */
    public static final double DEFAULT_MIN_MEMORY_SLOPE_FRACTION_PER_HOUR = 0.005;
    public static final double DEFAULT_MIN_MEMORY_SLOPE_BYTES_PER_HOUR = 1 * MIB;
    public static final Duration DEFAULT_MEMORY_LIMIT_HORIZON = Duration.ofHours(48);
    /** 1 %/h: a quarter more CPU a day. */
    public static final double DEFAULT_MIN_CPU_SLOPE_FRACTION_PER_HOUR = 0.01;
    public static final double DEFAULT_MIN_CPU_SLOPE_CORES_PER_HOUR = 0.005;
    /** 64 MiB/h, 1.5 GiB a day. */
    public static final double DEFAULT_MIN_DISK_SLOPE_BYTES_PER_HOUR = 64 * MIB;
    public static final double DEFAULT_MIN_DISK_SLOPE_FRACTION_OF_BASELINE_GROWTH = 0.25;

    /** The resources each look tests; the Bonferroni split divides by this. */
    public static final int RESOURCES_TESTED = DriftResource.values().length;

    public DriftPolicy {
        for (Duration d : new Duration[] {phaseLength, minObservation, blockLength, lookInterval, seasonPeriod,
            memoryLimitHorizon}) {
            Objects.requireNonNull(d, "durations must not be null");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive: " + d);
            }
        }
        if (minObservation.compareTo(phaseLength) > 0) {
            throw new IllegalArgumentException("minObservation exceeds phaseLength");
        }
        if (!(recentFraction > 0 && recentFraction <= 1)) {
            throw new IllegalArgumentException("recentFraction must be in (0, 1]: " + recentFraction);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
        }
        if (minBlocks < 3) {
            throw new IllegalArgumentException("minBlocks must be at least 3: " + minBlocks);
        }
        if (!(minCoverage > 0 && minCoverage <= 1)) {
            throw new IllegalArgumentException("minCoverage must be in (0, 1]: " + minCoverage);
        }
        Objects.requireNonNull(memoryLimit, "memoryLimit");
        if (minMemorySlopeFractionPerHour < 0 || minMemorySlopeBytesPerHour < 0 || minCpuSlopeFractionPerHour < 0
                || minCpuSlopeCoresPerHour < 0 || minDiskSlopeBytesPerHour < 0
                || minDiskSlopeFractionOfBaselineGrowth < 0) {
            throw new IllegalArgumentException("minimum slopes must not be negative");
        }
    }

    public static DriftPolicy defaults() {
        return new DriftPolicy(DEFAULT_PHASE_LENGTH, DEFAULT_MIN_OBSERVATION, DEFAULT_BLOCK_LENGTH,
                DEFAULT_LOOK_INTERVAL, DEFAULT_RECENT_FRACTION, DEFAULT_ALPHA, DEFAULT_SEASON_PERIOD,
                DEFAULT_MIN_BLOCKS, DEFAULT_MIN_COVERAGE, DEFAULT_MIN_MEMORY_SLOPE_FRACTION_PER_HOUR,
                DEFAULT_MIN_MEMORY_SLOPE_BYTES_PER_HOUR, DEFAULT_MEMORY_LIMIT_HORIZON,
                DEFAULT_MIN_CPU_SLOPE_FRACTION_PER_HOUR, DEFAULT_MIN_CPU_SLOPE_CORES_PER_HOUR,
                DEFAULT_MIN_DISK_SLOPE_BYTES_PER_HOUR, DEFAULT_MIN_DISK_SLOPE_FRACTION_OF_BASELINE_GROWTH,
                MemoryLimitPolicy.defaults());
    }

    /** The same policy watching for {@code length} instead. */
    public DriftPolicy withPhaseLength(Duration length) {
        return new DriftPolicy(length, minObservation, blockLength, lookInterval, recentFraction, alpha,
                seasonPeriod, minBlocks, minCoverage, minMemorySlopeFractionPerHour, minMemorySlopeBytesPerHour,
                memoryLimitHorizon, minCpuSlopeFractionPerHour, minCpuSlopeCoresPerHour, minDiskSlopeBytesPerHour,
                minDiskSlopeFractionOfBaselineGrowth, memoryLimit);
    }

    /** The same policy with other memory-limit rules. */
    public DriftPolicy withMemoryLimit(MemoryLimitPolicy rules) {
        return new DriftPolicy(phaseLength, minObservation, blockLength, lookInterval, recentFraction, alpha,
                seasonPeriod, minBlocks, minCoverage, minMemorySlopeFractionPerHour, minMemorySlopeBytesPerHour,
                memoryLimitHorizon, minCpuSlopeFractionPerHour, minCpuSlopeCoresPerHour, minDiskSlopeBytesPerHour,
                minDiskSlopeFractionOfBaselineGrowth, rules);
    }

    /** Scheduled looks: every {@code lookInterval} from {@code minObservation} to the phase end. */
    public int scheduledLooks() {
        long first = firstLookIndex();
        long last = phaseLength.toSeconds() / lookInterval.toSeconds();
        return (int) Math.max(1, last - first + 1);
    }

    /** Index k of the first look, at {@code k * lookInterval} after the deployment. */
    long firstLookIndex() {
        long look = lookInterval.toSeconds();
        return (minObservation.toSeconds() + look - 1) / look;
    }

    /**
     * Index k of the first look of the memory-limit rules: once the floor can have been above the
     * share for the whole sustain period (the projection waits for its windows' blocks). These rules
     * are not significance tests, so looking earlier spends no false-alarm budget.
     */
    long firstLimitLookIndex() {
        long look = lookInterval.toSeconds();
        long need = memoryLimit.sustain().toSeconds();
        return Math.min(firstLookIndex(), (need + look - 1) / look);
    }

    /** The significance level of one resource's test at one look. */
    public double alphaPerTest() {
        return alpha / ((double) scheduledLooks() * RESOURCES_TESTED);
    }
}
