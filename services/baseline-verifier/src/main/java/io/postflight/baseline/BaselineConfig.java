package io.postflight.baseline;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.postflight.contracts.VerificationPolicy;
import io.postflight.judge.baseline.BaselinePolicy;
import io.postflight.judge.baseline.FastChecks;
import io.postflight.judge.schedule.BaselineSchedule;
import io.postflight.judge.schedule.FastCheckSchedule;
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
 * @param maxExtension how long after {@code phaseEnd} an INCONCLUSIVE verdict keeps the phase
 *     looking on a growing window before it ends; {@code 0s} ends it at {@code phaseEnd}
 * @param fastCheckStart first fast check (hard triggers on short steps) after the deployment
 * @param fastCheckInterval time between two fast checks
 * @param fastCheckStep resolution of the fast checks' series; with Prometheus, at least two scrapes
 * @param fastCheckDataDelay age a fast step must reach before its data counts as complete
 * @param fastCheckEnd no fast check starts later than this after the deployment; {@code 0s} turns
 *     fast checks off
 * @param fastCheckLength length of one fast check (two in a row fire a guard)
 * @param fastCheckMinRequests requests one fast check needs to count (a p99 check needs 10×)
 * @param passConfidence judge: {@code 0} (the default) passes a window without a regression,
 *     established or suspected; a value in (0, 1), e.g. {@code 0.8}, also needs the candidate shown
 *     within the tolerances at that one-sided confidence (more traffic needed, see
 *     docs/judges/baseline.md); a policy may set it per service and environment
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
        @Min(0) @Nullable Long hardMinRequests,
        @Nullable Duration maxExtension,
        @Nullable Duration fastCheckStart,
        @Nullable Duration fastCheckInterval,
        @Nullable Duration fastCheckStep,
        @Nullable Duration fastCheckDataDelay,
        @Nullable Duration fastCheckEnd,
        @Nullable Duration fastCheckLength,
        @Min(1) @Nullable Long fastCheckMinRequests,
        @Nullable Double passConfidence) {

    public static final int DEFAULT_MAX_FAILED_LOOKS = 5;
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);

    public BaselineConfig {
        phaseStart = phaseStart == null ? BaselineSchedule.DEFAULT_PHASE_START : phaseStart;
        phaseEnd = phaseEnd == null ? BaselineSchedule.DEFAULT_PHASE_END : phaseEnd;
        lookInterval = lookInterval == null ? BaselineSchedule.DEFAULT_LOOK_INTERVAL : lookInterval;
        dataDelay = dataDelay == null ? BaselineSchedule.DEFAULT_DATA_DELAY : dataDelay;
        maxFailedLooks = maxFailedLooks == null ? DEFAULT_MAX_FAILED_LOOKS : maxFailedLooks;
        tick = tick == null ? DEFAULT_TICK : tick;
        step = step == null ? BaselineSchedule.DEFAULT_STEP : step;
        window = window == null ? BaselinePolicy.DEFAULT_WINDOW : window;
        warmUp = warmUp == null ? BaselinePolicy.DEFAULT_WARM_UP : warmUp;
        blipAllowance = blipAllowance == null ? BaselinePolicy.DEFAULT_BLIP_ALLOWANCE : blipAllowance;
        minRequests = minRequests == null ? BaselinePolicy.DEFAULT_MIN_REQUESTS : minRequests;
        hardCheckInterval = hardCheckInterval == null ? BaselinePolicy.DEFAULT_HARD_CHECK_INTERVAL : hardCheckInterval;
        hardErrorPeriod = hardErrorPeriod == null ? BaselinePolicy.DEFAULT_HARD_ERROR_PERIOD : hardErrorPeriod;
        hardMinRequests = hardMinRequests == null ? BaselinePolicy.DEFAULT_HARD_MIN_REQUESTS : hardMinRequests;
        maxExtension = maxExtension == null ? BaselineSchedule.DEFAULT_MAX_EXTENSION : maxExtension;
        fastCheckStart = fastCheckStart == null ? FastCheckSchedule.DEFAULT_START : fastCheckStart;
        fastCheckInterval = fastCheckInterval == null ? FastCheckSchedule.DEFAULT_INTERVAL : fastCheckInterval;
        fastCheckStep = fastCheckStep == null ? FastCheckSchedule.DEFAULT_STEP : fastCheckStep;
        fastCheckDataDelay = fastCheckDataDelay == null ? FastCheckSchedule.DEFAULT_DATA_DELAY : fastCheckDataDelay;
        fastCheckEnd = fastCheckEnd == null ? FastCheckSchedule.DEFAULT_END : fastCheckEnd;
        fastCheckLength = fastCheckLength == null ? FastChecks.DEFAULT_CHECK_LENGTH : fastCheckLength;
        fastCheckMinRequests = fastCheckMinRequests == null ? FastChecks.DEFAULT_MIN_REQUESTS : fastCheckMinRequests;
        passConfidence = passConfidence == null ? BaselinePolicy.DEFAULT_PASS_CONFIDENCE : passConfidence;
        if (!VerificationPolicy.validPassConfidence(passConfidence)) {
            throw new IllegalArgumentException("postflight.baseline.pass-confidence "
                    + VerificationPolicy.PASS_CONFIDENCE_RULE + ": " + passConfidence);
        }
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
        try {
            // The accessors are not set yet in a compact constructor: check the values themselves.
            timingOf(phaseStart, phaseEnd, lookInterval, dataDelay, step, maxExtension, fastCheckStart,
                    fastCheckInterval, fastCheckStep, fastCheckDataDelay, fastCheckEnd);
            new FastChecks(BaselinePolicy.DEFAULT, fastCheckLength, fastCheckMinRequests);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("postflight.baseline.*: " + e.getMessage(), e);
        }
    }

    /** The judge's policy: the knobs above, the rest at the judge's defaults. */
    public BaselinePolicy policy() {
        BaselinePolicy d = BaselinePolicy.DEFAULT;
        return new BaselinePolicy(window, warmUp, blipAllowance, minRequests, d.minCoverage(), d.alpha(),
                d.errorRatioTolerance(), d.errorExcessTolerance(), d.latencyRatioTolerance(),
                d.latencyExcessTolerance(), d.hardErrorExcess(), hardErrorPeriod, d.hardLatencyFactor(),
                hardCheckInterval, d.hardConsecutiveChecks(), hardMinRequests, passConfidence);
    }

    /** The fast checks' judge: the policy's hard triggers on checks of {@code fastCheckLength}. */
    public FastChecks fastChecks() {
        return new FastChecks(policy(), fastCheckLength, fastCheckMinRequests);
    }

    /** When the verifier looks, extends and gives up: the schedule the backtest replays too. */
    public BaselineSchedule timing() {
        return timingOf(phaseStart, phaseEnd, lookInterval, dataDelay, step, maxExtension, fastCheckStart,
                fastCheckInterval, fastCheckStep, fastCheckDataDelay, fastCheckEnd);
    }

    private static BaselineSchedule timingOf(Duration phaseStart, Duration phaseEnd, Duration lookInterval,
                                             Duration dataDelay, Duration step, Duration maxExtension,
                                             Duration fastStart, Duration fastInterval, Duration fastStep,
                                             Duration fastDataDelay, Duration fastEnd) {
        return new BaselineSchedule(phaseStart, phaseEnd, lookInterval, dataDelay, step, maxExtension,
                new FastCheckSchedule(fastStart, fastInterval, fastStep, fastDataDelay, fastEnd));
    }

    /** When the verifier looks and gives up; a look's fetches are bounded by {@code source}'s requests. */
    public BaselineLookSchedule schedule(MetricsSource source) {
        return new BaselineLookSchedule(timing(), maxFailedLooks, tick, lookTimeout(source));
    }

    /** Limit of one look (three queries run side by side): the provider's worst case plus a margin. */
    public static Duration lookTimeout(MetricsSource source) {
        return source.resilience().worstCase().plusSeconds(1);
    }

    /** How long scraped intervals are kept: as long as a phase can need them, extension included. */
    public Duration scrapeRetention() {
        return window.plus(maxExtension).plus(phaseEnd).plus(maxExtension).plus(dataDelay)
                .plus(lookInterval.multipliedBy(2));
    }

    private static void positive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("postflight.baseline." + name + " must be positive: " + d);
        }
    }
}
