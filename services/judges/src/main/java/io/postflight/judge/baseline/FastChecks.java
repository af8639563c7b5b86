package io.postflight.judge.baseline;

import io.postflight.contracts.Evidence;
import io.postflight.judge.DurationWords;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.metrics.TrafficSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The fast checks: the baseline judge's hard triggers on short checks, run from the first minute
 * after the deployment, before (and whatever) the health phase and the statistical judge's warm-up.
 * They catch a gross failure, a version that answers its probes but fails its requests, in a
 * minute or two; everything subtler is left to {@link BaselineJudge}.
 *
 * <p>Same guards as the judge's (relative to the comparison, so a version is never rolled back for
 * being as bad as what it replaces; sustained over {@code hardConsecutiveChecks} checks in a row;
 * latency only after the warm-up), with checks of {@code checkLength} and at least
 * {@code minRequests} requests each. Their false-alarm budget is in {@code docs/judges/baseline.md}.
 * Pure: the verdict is FAILED when a guard fired, else WATCHING; never PASSED.
 */
public final class FastChecks {

    public static final Duration DEFAULT_CHECK_LENGTH = Duration.ofSeconds(30);
    /** Requests a 30-second check needs: below this a 5-point excess is too often noise. */
    public static final long DEFAULT_MIN_REQUESTS = 100;

    private final BaselinePolicy policy;
    private final HardTriggers.Settings settings;

    public FastChecks(BaselinePolicy policy, Duration checkLength, long minRequests) {
        this.policy = Objects.requireNonNull(policy, "policy");
        if (checkLength == null || checkLength.isNegative() || checkLength.isZero()) {
            throw new IllegalArgumentException("fast-check length must be positive: " + checkLength);
        }
        if (minRequests < 1) {
            throw new IllegalArgumentException("fast-check minimum requests must be at least 1: " + minRequests);
        }
        this.settings = new HardTriggers.Settings(policy.hardErrorExcess(), policy.hardErrorPeriod(),
                policy.hardLatencyFactor(), policy.warmUp(), checkLength, policy.hardConsecutiveChecks(), minRequests);
    }

    /** The fast checks with every default. */
    public FastChecks() {
        this(BaselinePolicy.DEFAULT, DEFAULT_CHECK_LENGTH, DEFAULT_MIN_REQUESTS);
    }

    /**
     * Checks the candidate's steps that ended by {@code nowEpochSeconds}.
     *
     * @param candidate the new version from the deployment on, on the fast step grid
     * @param baseline the previous version over the judge's window just before the deployment
     * @param control the previous version serving at the same time, or {@code null}
     */
    public JudgeVerdict evaluate(TrafficSeries candidate, TrafficSeries baseline, TrafficSeries control,
                                 long nowEpochSeconds) {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(baseline, "baseline");
        String unusable = TrafficSanity.problem(candidate, AlignedTraffic.reference(baseline, control));
        if (unusable != null) {
            // Not a verdict on the version: the statistical judge says INCONCLUSIVE with the same reason.
            return new JudgeVerdict(JudgeStatus.WATCHING, "fast checks skipped: " + unusable,
                    List.of(TrafficSanity.evidence(unusable)));
        }
        int windowSteps = (int) Math.ceil((double) policy.window().toSeconds() / candidate.stepSeconds());
        AlignedTraffic a = AlignedTraffic.of(candidate, baseline, control, nowEpochSeconds, windowSteps);
        Evidence errors = HardTriggers.errorRate(a, settings);
        Evidence latency = HardTriggers.latencyP99(a, settings);
        List<String> fired = new ArrayList<>();
        for (Evidence e : List.of(errors, latency)) {
            if (e.breached()) {
                fired.add(e.check());
            }
        }
        long seconds = Math.max(0, nowEpochSeconds - candidate.startEpochSeconds());
        if (!fired.isEmpty()) {
            return new JudgeVerdict(JudgeStatus.FAILED, String.format(Locale.ROOT,
                    "fast check failed on the first %s after the deployment vs %s (%s)", DurationWords.ofSeconds(seconds),
                    a.comparison,
                    String.join(", ", fired)), List.of(errors, latency));
        }
        return new JudgeVerdict(JudgeStatus.WATCHING, String.format(Locale.ROOT,
                "fast checks clear over the first %s vs %s", DurationWords.ofSeconds(seconds), a.comparison), List.of(errors, latency));
    }
}
