package io.postflight.baseline;

import io.postflight.contracts.VerificationPolicy;
import io.postflight.judge.baseline.BaselinePolicy;
import io.postflight.judge.schedule.BaselineSchedule;
import java.time.Duration;
import java.util.Objects;

/**
 * The judge's parameters and the phase's timing for one verification: the verifier's configured
 * ones ({@code postflight.baseline.*}), with the knobs its policy sets laid over them. The judge
 * gets them through its own parameter record ({@link BaselinePolicy}); its maths never sees a
 * policy. A policy whose window outlasts the configured phase end moves the phase end with it,
 * so the longer window can still pass.
 *
 * @param configured the judge's parameters when the policy sets nothing
 * @param timing the phase's timing when the policy sets nothing
 */
public record BaselineParameters(BaselinePolicy configured, BaselineSchedule timing) {

    public BaselineParameters {
        Objects.requireNonNull(configured, "configured");
        Objects.requireNonNull(timing, "timing");
    }

    /** The judge's parameters under {@code policy} ({@code null}: the default policy). */
    public BaselinePolicy judgePolicy(VerificationPolicy policy) {
        VerificationPolicy p = VerificationPolicy.orDefault(policy);
        BaselinePolicy c = configured;
        return new BaselinePolicy(or(p.baselineWindow(), c.window()), c.warmUp(), c.blipAllowance(),
                or(p.minRequests(), c.minRequests()), c.minCoverage(), c.alpha(),
                or(p.errorRatioTolerance(), c.errorRatioTolerance()),
                or(p.errorExcessTolerance(), c.errorExcessTolerance()),
                or(p.latencyRatioTolerance(), c.latencyRatioTolerance()),
                or(p.latencyExcessTolerance(), c.latencyExcessTolerance()), c.hardErrorExcess(),
                c.hardErrorPeriod(), c.hardLatencyFactor(), c.hardCheckInterval(), c.hardConsecutiveChecks(),
                c.hardMinRequests(), or(p.passConfidence(), c.passConfidence()));
    }

    /** When the phase looks, extends and ends under {@code policy} ({@code null}: the default policy). */
    public BaselineSchedule timing(VerificationPolicy policy) {
        VerificationPolicy p = VerificationPolicy.orDefault(policy);
        if (p.baselineWindow() == null && p.maxExtension() == null) {
            return timing;
        }
        Duration window = or(p.baselineWindow(), configured.window());
        Duration phaseEnd = window.compareTo(timing.phaseEnd()) > 0 ? window : timing.phaseEnd();
        return new BaselineSchedule(timing.phaseStart(), phaseEnd, timing.lookInterval(), timing.dataDelay(),
                timing.step(), or(p.maxExtension(), timing.maxExtension()), timing.fastChecks());
    }

    /**
     * When the phase looks, extends and ends under {@code policy}, its end {@code extendedBy} later
     * (operators' EXTENDs): the deadline and the last look move, the window judged does not.
     */
    public BaselineSchedule timing(VerificationPolicy policy, Duration extendedBy) {
        BaselineSchedule t = timing(policy);
        if (extendedBy == null || extendedBy.isZero() || extendedBy.isNegative()) {
            return t;
        }
        return new BaselineSchedule(t.phaseStart(), t.phaseEnd().plus(extendedBy), t.lookInterval(), t.dataDelay(),
                t.step(), t.maxExtension(), t.fastChecks());
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
