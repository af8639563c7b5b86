package io.postflight.judge.baseline;

import java.time.Duration;

/**
 * Settings of the baseline-phase (canary) judge. See {@code docs/judges/baseline.md} for why each
 * default is what it is.
 *
 * @param window how long the candidate is watched; PASSED is only possible once it is over
 * @param warmUp time after the deployment whose latency is ignored (JIT, caches, pools); errors count
 * @param blipAllowance how long a burst may last and still be treated as a blip: the evidence of a
 *     regression must survive dropping this much of the worst data
 * @param minRequests requests each side must have served in the window for a PASS
 * @param minCoverage fraction of the window's steps that must have data on both sides for a PASS
 * @param alpha bound on the probability of a false rollback by the statistical tests over the whole
 *     window, however often the judge looks (split equally between error rate and latency)
 * @param errorRatioTolerance the candidate's error rate must exceed the comparison's by this factor
 *     to count as a regression
 * @param errorExcessTolerance ... and by at least this absolute amount (a fraction of requests)
 * @param latencyRatioTolerance the candidate's share of requests slower than a bucket bound must
 *     exceed the comparison's by this factor
 * @param latencyExcessTolerance ... and by at least this absolute amount (a fraction of requests)
 * @param hardErrorExcess hard trigger: error rate above the comparison's by more than this ...
 * @param hardErrorPeriod ... in sustained checks within this time after the deployment
 * @param hardLatencyFactor hard trigger: p99 above this multiple of the comparison's p99, sustained
 * @param hardCheckInterval length of one hard-trigger check (one minute, as in Flagger)
 * @param hardConsecutiveChecks failed checks in a row that make a breach "sustained"
 * @param hardMinRequests requests a check needs to count (a p99 check needs ten times as many)
 * @param passConfidence 0: a PASS needs no regression, established or suspected (the default); in
 *     (0, 1): a PASS also needs the candidate shown within the tolerances at this one-sided
 *     confidence ({@link WithinTolerance}), else the window is INCONCLUSIVE
 */
public record BaselinePolicy(
        Duration window,
        Duration warmUp,
        Duration blipAllowance,
        long minRequests,
        double minCoverage,
        double alpha,
        double errorRatioTolerance,
        double errorExcessTolerance,
        double latencyRatioTolerance,
        double latencyExcessTolerance,
        double hardErrorExcess,
        Duration hardErrorPeriod,
        double hardLatencyFactor,
        Duration hardCheckInterval,
        int hardConsecutiveChecks,
        long hardMinRequests,
        double passConfidence) {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(30);
    public static final Duration DEFAULT_WARM_UP = Duration.ofMinutes(3);
    public static final Duration DEFAULT_BLIP_ALLOWANCE = Duration.ofMinutes(1);
    public static final long DEFAULT_MIN_REQUESTS = 1000;
    public static final double DEFAULT_MIN_COVERAGE = 0.8;
    public static final double DEFAULT_ALPHA = 0.01;
    public static final double DEFAULT_ERROR_RATIO_TOLERANCE = 1.5;
    public static final double DEFAULT_ERROR_EXCESS_TOLERANCE = 0.001;
    public static final double DEFAULT_LATENCY_RATIO_TOLERANCE = 1.5;
    public static final double DEFAULT_LATENCY_EXCESS_TOLERANCE = 0.002;
    public static final double DEFAULT_HARD_ERROR_EXCESS = 0.05;
    public static final Duration DEFAULT_HARD_ERROR_PERIOD = Duration.ofMinutes(5);
    public static final double DEFAULT_HARD_LATENCY_FACTOR = 2.0;
    public static final Duration DEFAULT_HARD_CHECK_INTERVAL = Duration.ofMinutes(1);
    public static final int DEFAULT_HARD_CONSECUTIVE_CHECKS = 2;
    public static final long DEFAULT_HARD_MIN_REQUESTS = 50;
    /**
     * Not required by default: at the default tolerances a proof at 80 % needs more requests than
     * many services serve in 30 minutes (docs/judges/baseline.md, "What a PASS needs").
     */
    public static final double DEFAULT_PASS_CONFIDENCE = 0;

    /** The policy with every default. */
    public static final BaselinePolicy DEFAULT = new BaselinePolicy(DEFAULT_WINDOW, DEFAULT_WARM_UP,
            DEFAULT_BLIP_ALLOWANCE, DEFAULT_MIN_REQUESTS, DEFAULT_MIN_COVERAGE, DEFAULT_ALPHA,
            DEFAULT_ERROR_RATIO_TOLERANCE, DEFAULT_ERROR_EXCESS_TOLERANCE,
            DEFAULT_LATENCY_RATIO_TOLERANCE, DEFAULT_LATENCY_EXCESS_TOLERANCE,
            DEFAULT_HARD_ERROR_EXCESS, DEFAULT_HARD_ERROR_PERIOD, DEFAULT_HARD_LATENCY_FACTOR,
            DEFAULT_HARD_CHECK_INTERVAL, DEFAULT_HARD_CONSECUTIVE_CHECKS, DEFAULT_HARD_MIN_REQUESTS,
            DEFAULT_PASS_CONFIDENCE);

    public BaselinePolicy {
        requirePositive(window, "window");
        requireNonNegative(warmUp, "warmUp");
        requireNonNegative(blipAllowance, "blipAllowance");
        requireNonNegative(hardErrorPeriod, "hardErrorPeriod");
        requirePositive(hardCheckInterval, "hardCheckInterval");
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
        }
        if (!(minCoverage >= 0 && minCoverage <= 1)) {
            throw new IllegalArgumentException("minCoverage must be in [0, 1]: " + minCoverage);
        }
        if (errorRatioTolerance < 1 || latencyRatioTolerance < 1 || hardLatencyFactor < 1) {
            throw new IllegalArgumentException("ratio tolerances must be at least 1");
        }
        if (errorExcessTolerance < 0 || latencyExcessTolerance < 0 || hardErrorExcess < 0) {
            throw new IllegalArgumentException("excess tolerances must not be negative");
        }
        if (!io.postflight.contracts.VerificationPolicy.validPassConfidence(passConfidence)) {
            throw new IllegalArgumentException("passConfidence " + io.postflight.contracts.VerificationPolicy.PASS_CONFIDENCE_RULE
                    + ": " + passConfidence);
        }
        if (minRequests < 0 || hardMinRequests < 0 || hardConsecutiveChecks < 1) {
            throw new IllegalArgumentException("counts must not be negative, consecutive checks at least 1");
        }
    }

    /** The policy of the first sixteen settings, a PASS not needing a proof within the tolerances. */
    public BaselinePolicy(Duration window, Duration warmUp, Duration blipAllowance, long minRequests,
                          double minCoverage, double alpha, double errorRatioTolerance, double errorExcessTolerance,
                          double latencyRatioTolerance, double latencyExcessTolerance, double hardErrorExcess,
                          Duration hardErrorPeriod, double hardLatencyFactor, Duration hardCheckInterval,
                          int hardConsecutiveChecks, long hardMinRequests) {
        this(window, warmUp, blipAllowance, minRequests, minCoverage, alpha, errorRatioTolerance,
                errorExcessTolerance, latencyRatioTolerance, latencyExcessTolerance, hardErrorExcess, hardErrorPeriod,
                hardLatencyFactor, hardCheckInterval, hardConsecutiveChecks, hardMinRequests, DEFAULT_PASS_CONFIDENCE);
    }

    /** Whether a PASS needs the candidate shown within the tolerances. */
    public boolean passNeedsProof() {
        return passConfidence > 0;
    }

    /** The same policy, a PASS needing a proof within the tolerances at {@code confidence} (0: none). */
    public BaselinePolicy withPassConfidence(double confidence) {
        return new BaselinePolicy(window, warmUp, blipAllowance, minRequests, minCoverage, alpha,
                errorRatioTolerance, errorExcessTolerance, latencyRatioTolerance, latencyExcessTolerance,
                hardErrorExcess, hardErrorPeriod, hardLatencyFactor, hardCheckInterval,
                hardConsecutiveChecks, hardMinRequests, confidence);
    }

    /** The same policy with another window length (e.g. to extend after INCONCLUSIVE). */
    public BaselinePolicy withWindow(Duration newWindow) {
        return new BaselinePolicy(newWindow, warmUp, blipAllowance, minRequests, minCoverage, alpha,
                errorRatioTolerance, errorExcessTolerance, latencyRatioTolerance, latencyExcessTolerance,
                hardErrorExcess, hardErrorPeriod, hardLatencyFactor, hardCheckInterval,
                hardConsecutiveChecks, hardMinRequests, passConfidence);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    private static void requireNonNegative(Duration d, String name) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }
}
