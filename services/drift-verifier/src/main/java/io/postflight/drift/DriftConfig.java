package io.postflight.drift;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.postflight.judge.drift.DriftPolicy;
import io.postflight.judge.drift.MemoryLimitPolicy;
import io.postflight.judge.schedule.DriftSchedule;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * Drift-phase settings ({@code postflight.drift.*}). Validated at start-up: a nonsensical value
 * stops the service with a message naming the property. An unset value takes its default, written
 * once: below for the verifier's timing, in {@link DriftPolicy} for the judge's knobs. Where the
 * samples come from is {@code postflight.drift.metrics.*}, the shape every phase shares
 * ({@link io.postflight.provider.source.MetricsSource}).
 *
 * @param phaseLength how long a promoted version is watched
 * @param sampleInterval one resource sample (memory, CPU, disk) per interval; whole seconds
 * @param lookInterval how often the judge looks (its fixed schedule, from the phase start)
 * @param tick how often the verifier starts due fetches, stores finished ones and judges
 * @param fetchConcurrency metric queries running at once (a bounded pool, off the stream thread)
 * @param maxSamplesPerFetch samples asked for in one query when catching up after a restart
 * @param minObservation the judge's first look is this long after the phase start
 * @param blockLength samples are reduced to one value per block before testing for a trend
 * @param seasonPeriod the daily cycle: the previous version is read over this window before
 *     the phase start and compared at the same time of day
 * @param minBlocks fewest valid blocks one look needs to test a resource
 * @param memoryLimitHorizon a significant memory trend reaching the memory limit within this
 *     horizon fails the phase
 * @param alpha false-rollback budget of the whole phase
 * @param memoryLimitShare the phase fails when the working-set floor stays at or above this share
 *     of the memory limit for {@code memoryLimitSustain} (and the previous version's did not)
 * @param memoryLimitSustain how long the floor must stay above the share; also the first look of
 *     the memory-limit rules
 * @param memoryLimitImminentHorizon the phase fails when even the slowest plausible growth of the
 *     floor over a recent window reaches the limit within this horizon, significant trend or not
 */
@ConfigurationProperties("postflight.drift")
public record DriftConfig(
        @Nullable Duration phaseLength,
        @Nullable Duration sampleInterval,
        @Nullable Duration lookInterval,
        @Nullable Duration tick,
        @Min(1) @Nullable Integer fetchConcurrency,
        @Min(1) @Nullable Integer maxSamplesPerFetch,
        @Nullable Duration minObservation,
        @Nullable Duration blockLength,
        @Nullable Duration seasonPeriod,
        @Min(3) @Nullable Integer minBlocks,
        @Nullable Duration memoryLimitHorizon,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
        @Nullable Double alpha,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1")
        @Nullable Double memoryLimitShare,
        @Nullable Duration memoryLimitSustain,
        @Nullable Duration memoryLimitImminentHorizon) {

    public static final Duration DEFAULT_PHASE_LENGTH = DriftPolicy.DEFAULT_PHASE_LENGTH;
    public static final Duration DEFAULT_SAMPLE_INTERVAL = DriftSchedule.DEFAULT_SAMPLE_INTERVAL;
    public static final Duration DEFAULT_LOOK_INTERVAL = DriftPolicy.DEFAULT_LOOK_INTERVAL;
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(5);
    public static final int DEFAULT_FETCH_CONCURRENCY = 4;
    /** Six hours of one-minute samples: a long outage is caught up in a few queries, none huge. */
    public static final int DEFAULT_MAX_SAMPLES_PER_FETCH = 360;

    public DriftConfig {
        phaseLength = phaseLength == null ? DEFAULT_PHASE_LENGTH : phaseLength;
        sampleInterval = sampleInterval == null ? DEFAULT_SAMPLE_INTERVAL : sampleInterval;
        lookInterval = lookInterval == null ? DEFAULT_LOOK_INTERVAL : lookInterval;
        tick = tick == null ? DEFAULT_TICK : tick;
        fetchConcurrency = fetchConcurrency == null ? DEFAULT_FETCH_CONCURRENCY : fetchConcurrency;
        maxSamplesPerFetch = maxSamplesPerFetch == null ? DEFAULT_MAX_SAMPLES_PER_FETCH : maxSamplesPerFetch;
        minObservation = minObservation == null ? DriftPolicy.DEFAULT_MIN_OBSERVATION : minObservation;
        blockLength = blockLength == null ? DriftPolicy.DEFAULT_BLOCK_LENGTH : blockLength;
        seasonPeriod = seasonPeriod == null ? DriftPolicy.DEFAULT_SEASON_PERIOD : seasonPeriod;
        minBlocks = minBlocks == null ? DriftPolicy.DEFAULT_MIN_BLOCKS : minBlocks;
        memoryLimitHorizon = memoryLimitHorizon == null ? DriftPolicy.DEFAULT_MEMORY_LIMIT_HORIZON : memoryLimitHorizon;
        alpha = alpha == null ? DriftPolicy.DEFAULT_ALPHA : alpha;
        memoryLimitShare = memoryLimitShare == null ? MemoryLimitPolicy.DEFAULT_SHARE : memoryLimitShare;
        memoryLimitSustain = memoryLimitSustain == null ? MemoryLimitPolicy.DEFAULT_SUSTAIN : memoryLimitSustain;
        memoryLimitImminentHorizon = memoryLimitImminentHorizon == null ? MemoryLimitPolicy.DEFAULT_HORIZON
                : memoryLimitImminentHorizon;
        if (sampleInterval.toMillis() < 1000 || sampleInterval.toNanosPart() != 0) {
            throw new IllegalArgumentException("postflight.drift.sample-interval must be whole seconds, at least 1s: "
                    + sampleInterval);
        }
        requirePositive(tick, "tick");
        if (lookInterval.compareTo(sampleInterval) < 0) {
            throw new IllegalArgumentException("postflight.drift.look-interval must not be shorter than sample-interval");
        }
        if (blockLength.compareTo(sampleInterval) < 0) {
            throw new IllegalArgumentException("postflight.drift.block-length must not be shorter than sample-interval");
        }
        try {
            policy(phaseLength, lookInterval, minObservation, blockLength, seasonPeriod, minBlocks,
                    memoryLimitHorizon, alpha, memoryLimitShare, memoryLimitSustain, memoryLimitImminentHorizon);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("postflight.drift.*: " + e.getMessage(), e);
        }
    }

    /** The production defaults (what an empty configuration binds to). */
    public static DriftConfig defaults() {
        return new DriftConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    /** The judge's policy: these settings, the judge's defaults for everything else. */
    public DriftPolicy policy() {
        return policy(phaseLength, lookInterval, minObservation, blockLength, seasonPeriod, minBlocks,
                memoryLimitHorizon, alpha, memoryLimitShare, memoryLimitSustain, memoryLimitImminentHorizon);
    }

    /** Sample slots in the whole phase. */
    public int phaseSamples() {
        return schedule().phaseSamples();
    }

    /** When the judge looks, from the phase start (the PROMOTE); the backtest replays the same. */
    public DriftSchedule schedule() {
        return new DriftSchedule(phaseLength, lookInterval, minObservation, sampleInterval);
    }

    /** This configuration with other phase timings (tests and demos). */
    public DriftConfig withTimings(Duration newPhaseLength, Duration newSampleInterval, Duration newLookInterval,
                                   Duration newTick) {
        return new DriftConfig(newPhaseLength, newSampleInterval, newLookInterval, newTick, fetchConcurrency,
                maxSamplesPerFetch, minObservation, blockLength, seasonPeriod, minBlocks, memoryLimitHorizon, alpha,
                memoryLimitShare, memoryLimitSustain, memoryLimitImminentHorizon);
    }

    /**
     * This configuration with the phase {@code extra} longer (an operator's EXTEND of one watch): the
     * judge's looks go on to the new end, its false-alarm budget spread over them all.
     */
    public DriftConfig extendedBy(Duration extra) {
        return extra == null || extra.isZero() || extra.isNegative() ? this
                : withTimings(phaseLength.plus(extra), sampleInterval, lookInterval, tick);
    }

    /** This configuration with other judge knobs (tests and demos). */
    public DriftConfig withJudging(Duration newMinObservation, Duration newBlockLength, Duration newSeasonPeriod,
                                   int newMinBlocks, Duration newMemoryLimitHorizon, double newAlpha) {
        return new DriftConfig(phaseLength, sampleInterval, lookInterval, tick, fetchConcurrency, maxSamplesPerFetch,
                newMinObservation, newBlockLength, newSeasonPeriod, newMinBlocks, newMemoryLimitHorizon, newAlpha,
                memoryLimitShare, memoryLimitSustain, memoryLimitImminentHorizon);
    }

    private static DriftPolicy policy(Duration phaseLength, Duration lookInterval, Duration minObservation,
                                      Duration blockLength, Duration seasonPeriod, int minBlocks,
                                      Duration memoryLimitHorizon, double alpha, double limitShare,
                                      Duration limitSustain, Duration limitHorizon) {
        return new DriftPolicy(phaseLength, minObservation, blockLength, lookInterval,
                DriftPolicy.DEFAULT_RECENT_FRACTION, alpha, seasonPeriod, minBlocks, DriftPolicy.DEFAULT_MIN_COVERAGE,
                DriftPolicy.DEFAULT_MIN_MEMORY_SLOPE_FRACTION_PER_HOUR, DriftPolicy.DEFAULT_MIN_MEMORY_SLOPE_BYTES_PER_HOUR,
                memoryLimitHorizon, DriftPolicy.DEFAULT_MIN_CPU_SLOPE_FRACTION_PER_HOUR,
                DriftPolicy.DEFAULT_MIN_CPU_SLOPE_CORES_PER_HOUR, DriftPolicy.DEFAULT_MIN_DISK_SLOPE_BYTES_PER_HOUR,
                DriftPolicy.DEFAULT_MIN_DISK_SLOPE_FRACTION_OF_BASELINE_GROWTH,
                new MemoryLimitPolicy(limitShare, limitSustain, limitHorizon, MemoryLimitPolicy.DEFAULT_WINDOWS));
    }

    private static void requirePositive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("postflight.drift." + name + " must be positive: " + d);
        }
    }
}
