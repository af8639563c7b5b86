package io.postflight.drift;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.postflight.judge.drift.DriftPolicy;
import io.postflight.resilience.ResiliencePolicy;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/**
 * Drift-phase settings ({@code postflight.drift.*}). Validated at start-up: a missing or
 * nonsensical value stops the service with a message naming the property.
 *
 * @param phaseLength how long a promoted version is watched
 * @param sampleInterval one resource sample (memory, CPU, disk) per interval; whole seconds
 * @param lookInterval how often the judge looks (its fixed schedule, from the phase start)
 * @param tick how often the verifier starts due fetches, stores finished ones and judges
 * @param provider where samples come from: {@code prometheus} or {@code scrape}
 * @param fetchConcurrency metric queries running at once (a bounded pool, off the stream thread)
 * @param maxSamplesPerFetch samples asked for in one query when catching up after a restart
 * @param fetchTimeout limit of one attempt of one query
 * @param fetchAttempts attempts per query (with exponential backoff and jitter)
 * @param minObservation the judge's first look is this long after the phase start
 * @param blockLength samples are reduced to one value per block before testing for a trend
 * @param seasonPeriod the daily cycle: the previous version is read over this window before
 *     the phase start and compared at the same time of day
 * @param minBlocks fewest valid blocks one look needs to test a resource
 * @param memoryLimitHorizon a significant memory trend reaching the memory limit within this
 *     horizon fails the phase
 * @param alpha false-rollback budget of the whole phase
 */
@ConfigurationProperties("postflight.drift")
public record DriftConfig(
        @NotNull @Bindable(defaultValue = "24h") Duration phaseLength,
        @NotNull @Bindable(defaultValue = "1m") Duration sampleInterval,
        @NotNull @Bindable(defaultValue = "15m") Duration lookInterval,
        @NotNull @Bindable(defaultValue = "5s") Duration tick,
        @NotNull @Pattern(regexp = "prometheus|scrape", message = "postflight.drift.provider must be prometheus or scrape")
        @Bindable(defaultValue = DEFAULT_PROVIDER) String provider,
        @Min(1) @Bindable(defaultValue = "4") int fetchConcurrency,
        @Min(1) @Bindable(defaultValue = "360") int maxSamplesPerFetch,
        @NotNull @Bindable(defaultValue = "10s") Duration fetchTimeout,
        @Min(1) @Bindable(defaultValue = "3") int fetchAttempts,
        @NotNull @Bindable(defaultValue = "4h") Duration minObservation,
        @NotNull @Bindable(defaultValue = "15m") Duration blockLength,
        @NotNull @Bindable(defaultValue = "24h") Duration seasonPeriod,
        @Min(3) @Bindable(defaultValue = "8") int minBlocks,
        @NotNull @Bindable(defaultValue = "48h") Duration memoryLimitHorizon,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
        @Bindable(defaultValue = "0.01") double alpha) {

    public static final Duration DEFAULT_PHASE_LENGTH = DriftPolicy.DEFAULT_PHASE_LENGTH;
    public static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_LOOK_INTERVAL = DriftPolicy.DEFAULT_LOOK_INTERVAL;
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(5);
    public static final String DEFAULT_PROVIDER = "prometheus";
    public static final int DEFAULT_FETCH_CONCURRENCY = 4;
    /** Six hours of one-minute samples: a long outage is caught up in a few queries, none huge. */
    public static final int DEFAULT_MAX_SAMPLES_PER_FETCH = 360;
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_FETCH_ATTEMPTS = 3;

    public DriftConfig {
        if (sampleInterval != null && (sampleInterval.toMillis() < 1000 || sampleInterval.toNanosPart() != 0)) {
            throw new IllegalArgumentException("postflight.drift.sample-interval must be whole seconds, at least 1s: "
                    + sampleInterval);
        }
        requirePositive(tick, "tick");
        requirePositive(fetchTimeout, "fetch-timeout");
        if (sampleInterval != null && lookInterval != null && lookInterval.compareTo(sampleInterval) < 0) {
            throw new IllegalArgumentException("postflight.drift.look-interval must not be shorter than sample-interval");
        }
        if (sampleInterval != null && blockLength != null && blockLength.compareTo(sampleInterval) < 0) {
            throw new IllegalArgumentException("postflight.drift.block-length must not be shorter than sample-interval");
        }
        if (phaseLength != null && minObservation != null && lookInterval != null && blockLength != null
                && seasonPeriod != null && memoryLimitHorizon != null) {
            try {
                policyOf(phaseLength, lookInterval, minObservation, blockLength, seasonPeriod, minBlocks,
                        memoryLimitHorizon, alpha);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("postflight.drift.*: " + e.getMessage(), e);
            }
        }
    }

    /** The production defaults (what an empty configuration binds to). */
    public static DriftConfig defaults() {
        return new DriftConfig(DEFAULT_PHASE_LENGTH, DEFAULT_SAMPLE_INTERVAL, DEFAULT_LOOK_INTERVAL, DEFAULT_TICK,
                DEFAULT_PROVIDER, DEFAULT_FETCH_CONCURRENCY, DEFAULT_MAX_SAMPLES_PER_FETCH, DEFAULT_FETCH_TIMEOUT,
                DEFAULT_FETCH_ATTEMPTS, DriftPolicy.DEFAULT_MIN_OBSERVATION, DriftPolicy.DEFAULT_BLOCK_LENGTH,
                DriftPolicy.DEFAULT_SEASON_PERIOD, DriftPolicy.DEFAULT_MIN_BLOCKS,
                DriftPolicy.DEFAULT_MEMORY_LIMIT_HORIZON, DriftPolicy.DEFAULT_ALPHA);
    }

    /** The judge's policy: these settings, the judge's defaults for everything else. */
    public DriftPolicy policy() {
        return policyOf(phaseLength, lookInterval, minObservation, blockLength, seasonPeriod, minBlocks,
                memoryLimitHorizon, alpha);
    }

    /** How each metric query is bounded. */
    public ResiliencePolicy resilience() {
        return ResiliencePolicy.defaults().withTimeout(fetchTimeout)
                .withRetry(fetchAttempts, ResiliencePolicy.DEFAULT_INITIAL_BACKOFF);
    }

    /** Sample slots in the whole phase. */
    public int phaseSamples() {
        return (int) (phaseLength.toSeconds() / sampleInterval.toSeconds());
    }

    /** This configuration with other phase timings (tests and demos). */
    public DriftConfig withTimings(Duration newPhaseLength, Duration newSampleInterval, Duration newLookInterval,
                                   Duration newTick) {
        return new DriftConfig(newPhaseLength, newSampleInterval, newLookInterval, newTick, provider,
                fetchConcurrency, maxSamplesPerFetch, fetchTimeout, fetchAttempts, minObservation, blockLength,
                seasonPeriod, minBlocks, memoryLimitHorizon, alpha);
    }

    /** This configuration with other judge knobs (tests and demos). */
    public DriftConfig withJudging(Duration newMinObservation, Duration newBlockLength, Duration newSeasonPeriod,
                                   int newMinBlocks, Duration newMemoryLimitHorizon, double newAlpha) {
        return new DriftConfig(phaseLength, sampleInterval, lookInterval, tick, provider, fetchConcurrency,
                maxSamplesPerFetch, fetchTimeout, fetchAttempts, newMinObservation, newBlockLength, newSeasonPeriod,
                newMinBlocks, newMemoryLimitHorizon, newAlpha);
    }

    private static DriftPolicy policyOf(Duration phaseLength, Duration lookInterval, Duration minObservation,
                                        Duration blockLength, Duration seasonPeriod, int minBlocks,
                                        Duration memoryLimitHorizon, double alpha) {
        return new DriftPolicy(phaseLength, minObservation, blockLength, lookInterval,
                DriftPolicy.DEFAULT_RECENT_FRACTION, alpha, seasonPeriod, minBlocks, DriftPolicy.DEFAULT_MIN_COVERAGE,
                DriftPolicy.DEFAULT_MIN_MEMORY_SLOPE_FRACTION_PER_HOUR, DriftPolicy.DEFAULT_MIN_MEMORY_SLOPE_BYTES_PER_HOUR,
                memoryLimitHorizon, DriftPolicy.DEFAULT_MIN_CPU_SLOPE_FRACTION_PER_HOUR,
                DriftPolicy.DEFAULT_MIN_CPU_SLOPE_CORES_PER_HOUR, DriftPolicy.DEFAULT_MIN_DISK_SLOPE_BYTES_PER_HOUR,
                DriftPolicy.DEFAULT_MIN_DISK_SLOPE_FRACTION_OF_BASELINE_GROWTH);
    }

    private static void requirePositive(Duration d, String name) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("postflight.drift." + name + " must be positive: " + d);
        }
    }
}
