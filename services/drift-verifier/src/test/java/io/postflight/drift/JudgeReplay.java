package io.postflight.drift;

import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.judge.drift.DriftJudge;
import io.postflight.metrics.MetricQuery;
import io.postflight.metrics.MetricsUnavailableException;
import io.postflight.metrics.ResourceSeries;
import io.postflight.metrics.VersionRole;
import java.time.Duration;
import java.time.Instant;

/**
 * The drift judge run directly on every sample of a {@link FakeResources} scenario, look after
 * look, as the reference a verifier must reproduce: same look, same verdict, same evidence, if
 * and only if it fed the judge exactly the samples it should have (none lost, none shifted).
 */
final class JudgeReplay {

    /** A final verdict and the look (seconds after the phase start) it came at. */
    record Final(long lookSeconds, JudgeVerdict verdict) {
        Instant at(Instant start) {
            return start.plusSeconds(lookSeconds);
        }
    }

    private JudgeReplay() {
    }

    /** The first final verdict for {@code version} promoted at {@code start}; {@code previous} may be null. */
    static Final firstFinal(DriftConfig config, FakeResources.Gauges version, FakeResources.Gauges previous,
                            Double memoryLimitBytes, Instant start) {
        FakeResources source = new FakeResources().memoryLimit(memoryLimitBytes).version("new", version);
        if (previous != null) {
            source.version("old", previous);
        }
        source.now(start.plus(config.phaseLength()).plus(Duration.ofDays(1)));
        Duration step = config.sampleInterval();
        try {
            ResourceSeries candidate = source.resources(new MetricQuery("s", "e", "new", VersionRole.CANDIDATE, start,
                    start.plus(step.multipliedBy(config.phaseSamples())), step));
            ResourceSeries baseline = previous == null ? null : source.resources(new MetricQuery("s", "e", "old",
                    VersionRole.BASELINE, start.minus(config.seasonPeriod()), start, step));
            DriftJudge judge = new DriftJudge(config.policy());
            long look = config.lookInterval().toSeconds();
            long phase = config.phaseLength().toSeconds();
            for (long t = look; ; t = Math.min(t + look, phase)) {
                JudgeVerdict v = judge.evaluate(candidate, baseline, start.getEpochSecond() + t);
                if (v.status() != JudgeStatus.WATCHING) {
                    return new Final(t, v);
                }
                if (t == phase) {
                    throw new IllegalStateException("no final verdict at the end of the phase");
                }
            }
        } catch (MetricsUnavailableException e) {
            throw new IllegalStateException(e);
        }
    }
}
