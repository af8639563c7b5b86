package io.postflight.drift;

import io.postflight.contracts.Evidence;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.judge.JudgeVerdict;
import io.postflight.judge.drift.DriftJudge;
import io.postflight.judge.schedule.DriftSchedule;
import io.postflight.metrics.ResourceSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * When the drift verifier asks the {@link DriftJudge}, and what it publishes when the judge has
 * made up its mind.
 *
 * <p>The judge looks on its fixed schedule ({@link DriftSchedule}, the one the backtest replays:
 * every look interval from the phase start, the first after the minimum observation, the last at
 * the phase end), each look once, on the samples
 * taken before it. A look waits for its samples (they are fetched after each sample interval
 * ends) but at most one look interval: when the metrics source is down, the judge looks at what
 * there is, and at the end of the phase its coverage rules make missing data INCONCLUSIVE. After
 * a pause (a restart) only the latest look is made: skipped looks only make the phase more
 * conservative, never the false-alarm budget larger.
 */
public final class DriftLookSchedule {

    /** A look to make now: at {@code epochSecond}, the phase's last one if {@code last}. */
    public record Look(long epochSecond, boolean last) {
    }

    private final DriftJudge judge;
    private final DriftConfig config;

    public DriftLookSchedule(DriftJudge judge, DriftConfig config) {
        this.judge = judge;
        this.config = config;
    }

    /** The look due at {@code nowMillis}, or null when none is (yet). */
    public Look due(DriftWatch w, long nowMillis) {
        DriftSchedule schedule = config.extendedBy(w.extendedBy()).schedule();
        long start = w.phaseStart().getEpochSecond();
        long now = Math.floorDiv(nowMillis, 1000);
        long offset = schedule.lookAtOrBefore(now - start);
        if (offset < 0) {
            return null;
        }
        long at = start + offset;
        if (at <= w.judgedUpTo()) {
            return null;
        }
        if (w.samples() < schedule.samplesBefore(offset) && now - at < config.lookInterval().toSeconds()) {
            return null;
        }
        return new Look(at, schedule.isLast(offset));
    }

    /** The phase result if the judge's verdict at {@code look} is final, else null. */
    public PhaseResult judge(DriftWatch w, Look look, ResourceSeries candidate, ResourceSeries baseline,
                             Instant now, String provider) {
        JudgeVerdict verdict = judgeOf(w).evaluate(candidate, baseline, look.epochSecond());
        if (!verdict.status().isFinal()) {
            return null;
        }
        PhaseOutcome outcome = verdict.status().toOutcome();
        List<Evidence> evidence = new ArrayList<>(verdict.evidence());
        evidence.add(coverage(w, look, candidate, provider));
        String summary = verdict.summary();
        if (outcome == PhaseOutcome.INCONCLUSIVE && w.failingSince() != null) {
            summary += "; metrics source unavailable since " + w.failingSince() + ": " + w.lastError();
        }
        return new PhaseResult(PhaseResult.SCHEMA, w.deployment(), Phase.DRIFT, outcome, summary, evidence,
                w.phaseStart(), now, w.verification().deployEvent());
    }

    /** How much data the verdict rests on, and why some is missing. */
    private Evidence coverage(DriftWatch w, Look look, ResourceSeries candidate, String provider) {
        int expected = config.extendedBy(w.extendedBy()).schedule()
                .samplesBefore(look.epochSecond() - w.phaseStart().getEpochSecond());
        int present = 0;
        for (int i = 0; i < Math.min(expected, candidate.steps()); i++) {
            if (Double.isFinite(candidate.memoryBytes()[i]) || Double.isFinite(candidate.cpuCores()[i])
                    || Double.isFinite(candidate.diskBytes()[i])) {
                present++;
            }
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("samplesExpected", (double) expected);
        figures.put("samplesPresent", (double) present);
        figures.put("sampleIntervalSeconds", (double) config.sampleInterval().toSeconds());
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("provider", provider);
        labels.put("baseline", w.baseline().name().toLowerCase(Locale.ROOT));
        StringBuilder summary = new StringBuilder().append(present).append(" of ").append(expected)
                .append(" samples from ").append(provider).append("; previous version's window: ")
                .append(w.baseline().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        if (w.failingSince() != null) {
            labels.put("failingSince", w.failingSince().toString());
            labels.put("lastError", w.lastError());
            summary.append("; source failing since ").append(w.failingSince()).append(": ").append(w.lastError());
        }
        return new Evidence("drift-samples", false, summary.toString(), figures, labels);
    }

    /** The judge of {@code w}: the configured one, or one whose phase is as long as the watch was extended. */
    private DriftJudge judgeOf(DriftWatch w) {
        return w.extendedBy().isZero() ? judge : new DriftJudge(config.extendedBy(w.extendedBy()).policy());
    }
}
