package io.postflight.baseline;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.postflight.judge.baseline.BaselinePolicy;
import io.postflight.provider.source.MetricsSource;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * Baseline-phase settings ({@code postflight.baseline.*}). Validated at start-up: a missing or
 * nonsensical value stops the service with a message naming the property. The demo shortens the
 * times here; the code paths stay the production ones. An unset value takes its default, written
 * once: below for the verifier's timing, in {@link BaselinePolicy} for the judge's knobs. Where the
 * traffic comes from is {@code postflight.baseline.metrics.*}, the shape every phase shares
 * ({@link io.postflight.provider.source.MetricsSource}).
 *
 * @param phaseStart earliest first look after the deployment; in practice the phase starts when
 *     HEALTH has passed (when the deployment runs a health phase)
 * @param phaseEnd time after the deployment (counted, like the window, from the candidate's first
 *     step) by which the phase must have a verdict; a phase still undecided then (provider outage)
 *     is INCONCLUSIVE. Not shorter than {@code window}
 * @param lookInterval time between two looks at the data of one deployment
 * @param dataDelay how long after a step ends its data is complete at the provider (scrape
 *     interval plus ingestion): the judge never sees steps younger than this
 * @param maxFailedLooks failed looks in a row (provider outage) that make the phase INCONCLUSIVE
 * @param tick how often the verifier looks for finished fetches and due looks
 * @param step resolution of the traffic series
 * @param window judge: how long the candidate is watched before it can pass
 * @param warmUp judge: time after the deployment whose latency is ignored
 * @param blipAllowance judge: how long a burst may last and still count as a blip
 * @param minRequests judge: requests each side needs in the window for a pass
 * @param hardCheckInterval judge: length of one hard-trigger check
 * @param hardErrorPeriod judge: time after the deployment in which the error-rate hard trigger applies
 * @param hardMinRequests judge: requests one hard-trigger check needs to count
 */
@ConfigurationProperties("postflight.baseline")
public record BaselineConfig(
        @Nullable Duration phaseStart,
        @Nullable Duration phaseEnd,
        @Nullable Duration lookInterval,
        @Nullable Duration dataDelay,
        @Min(1) @Nullable Integer maxFailedLooks,
        @Nullable Duration tick,
        @Nullable Duration step,
        @Nullable Duration window,
        @Nullable Duration warmUp,
        @Nullable Duration blipAllowance,
        @Min(0) @Nullable Long minRequests,
        @Nullable Duration hardCheckInterval,
        @Nullable Duration hardErrorPeriod,
        @Min(0) @Nullable Long hardMinRequests) {

    public static final Duration DEFAULT_PHASE_START = Duration.ofMinutes(5);
    public static final Duration DEFAULT_PHASE_END = Duration.ofMinutes(30);
    public static final Duration DEFAULT_LOOK_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_DATA_DELAY = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_FAILED_LOOKS = 5;
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);
    public static final Duration DEFAULT_STEP = Duration.ofSeconds(60);

    public BaselineConfig {
        phaseStart = phaseStart == null ? DEFAULT_PHASE_START : phaseStart;
        phaseEnd = phaseEnd == null ? DEFAULT_PHASE_END : phaseEnd;
        lookInterval = lookInterval == null ? DEFAULT_LOOK_INTERVAL : lookInterval;
        dataDelay = dataDelay == null ? DEFAULT_DATA_DELAY : dataDelay;
        maxFailedLooks = maxFailedLooks == null ? DEFAULT_MAX_FAILED_LOOKS : maxFailedLooks;
        tick = tick == null ? DEFAULT_TICK : tick;
        step = step == null ? DEFAULT_STEP : step;
        window = window == null ? BaselinePolicy.DEFAULT_WINDOW : window;
        warmUp = warmUp == null ? BaselinePolicy.DEFAULT_WARM_UP : warmUp;
        blipAllowance = blipAllowance == null ? BaselinePolicy.DEFAULT_BLIP_ALLOWANCE : blipAllowance;
        minRequests = minRequests == null ? BaselinePolicy.DEFAULT_MIN_REQUESTS : minRequests;
        hardCheckInterval = hardCheckInterval == null ? BaselinePolicy.DEFAULT_HARD_CHECK_INTERVAL : hardCheckInterval;
        hardErrorPeriod = hardErrorPeriod == null ? BaselinePolicy.DEFAULT_HARD_ERROR_PERIOD : hardErrorPeriod;
        hardMinRequests = hardMinRequests == null ? BaselinePolicy.DEFAULT_HARD_MIN_REQUESTS : hardMinRequests;
        positive(phaseEnd, "phase-end");
        positive(lookInterval, "look-interval");
        positive(tick, "tick");
        positive(step, "step");
        positive(window, "window");
        if (step.toNanosPart() != 0) {
            throw new IllegalArgumentException("postflight.baseline.step must be a whole number of seconds: " + step);
        }
        if (phaseEnd.compareTo(window) < 0) {
            throw new IllegalArgumentException("postflight.baseline.phase-end (" + phaseEnd
                    + ") must not be shorter than postflight.baseline.window (" + window + ")");
        }
        if (step.compareTo(window) > 0) {
            throw new IllegalArgumentException("postflight.baseline.step must not be longer than the window");
        }
    }

    /** The judge's policy: the knobs above, the rest at the judge's defaults. */
    public BaselinePolicy policy() {
        BaselinePolicy d = BaselinePolicy.DEFAULT;
        return new BaselinePolicy(window, warmUp, blipAllowance, minRequests, d.minCoverage(), d.alpha(),
                d.errorRatioTolerance(), d.errorExcessTolerance(), d.latencyRatioTolerance(),
                d.latencyExcessTolerance(), d.hardErrorExcess(), hardErrorPeriod, d.hardLatencyFactor(),
                hardCheckInterval, d.hardConsecutiveChecks(), hardMinRequests);
    }

    /** When the verifier looks and gives up; a look's fetches are bounded by {@code source}'s requests. */
    public BaselineLookSchedule schedule(MetricsSource source) {
        return new BaselineLookSchedule(phaseStart, phaseEnd, lookInterval, dataDelay, step, maxFailedLooks, tick,
                lookTimeout(source));
    }

    /** Limit of one look (three queries run side by side): the provider's worst case plus a margin. */
    public static Duration lookTimeout(MetricsSource source) {
        return source.resilience().worstCase().plusSeconds(1);
    }

    /** How long scraped intervals are kept: as long as a phase can need them. */
    public Duration scrapeRetention() {
        return window.plus(phaseEnd).plus(dataDelay).plus(lookInterval.multipliedBy(2));
    }

    private static void positive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("postflight.baseline." + name + " must be positive: " + d);
        }
    }
}
