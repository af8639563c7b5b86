package io.postflight.backtest;

import io.postflight.contracts.Evidence;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.judge.baseline.BaselinePolicy;
import io.postflight.judge.drift.DriftJudge;
import io.postflight.judge.drift.DriftPolicy;
import io.postflight.judge.schedule.BaselineSchedule;
import io.postflight.judge.schedule.DriftSchedule;
import io.postflight.metrics.ResourceSeries;
import io.postflight.provider.recorded.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Replays drift scenarios through the {@link DriftJudge} as the drift verifier runs it: its clock
 * starts at the PROMOTE, which the baseline verifier's {@link BaselineSchedule} publishes at the
 * first look that covers the baseline window (a deployment that passes every phase); the judge is
 * asked at every look of the service's {@link DriftSchedule} on the samples taken from the
 * promotion until that look, and the previous version's reference window is the
 * {@code seasonPeriod} before the promotion (the recording's previous version stops at the
 * deployment, so its last minutes are missing, as they are for the service). The first final
 * verdict is the decision; {@code decidedAtSeconds} counts from the deployment.
 *
 * <p>A recording shorter than the promotion plus the phase (the usual 24 hours after the
 * deployment) plays like a source that stopped answering: the remaining looks see what there is.
 */
public final class DriftScenarioReplayer implements ScenarioReplayer {

    private final DriftJudge judge;
    private final DriftSchedule schedule;
    private final long promotedAfterSeconds;

    public DriftScenarioReplayer() {
        this(DriftPolicy.defaults());
    }

    public DriftScenarioReplayer(DriftPolicy policy) {
        this(policy, new DriftSchedule(policy.phaseLength(), policy.lookInterval(), policy.minObservation(),
                DriftSchedule.DEFAULT_SAMPLE_INTERVAL), BaselineSchedule.DEFAULT, BaselinePolicy.DEFAULT_WINDOW,
                CanaryScenarioReplayer.DEFAULT_HEALTH_PASSED_AFTER);
    }

    /**
     * @param baselineSchedule the canary phases' schedule, which decides when the PROMOTE comes
     * @param baselineWindow the baseline judge's window: no PASS before its data is complete
     */
    public DriftScenarioReplayer(DriftPolicy policy, DriftSchedule schedule, BaselineSchedule baselineSchedule,
                                 Duration baselineWindow, Duration healthPassedAfter) {
        this.judge = new DriftJudge(policy);
        this.schedule = schedule;
        Instant deployed = Instant.EPOCH;
        long promoteMillis = baselineSchedule.firstFullWindowLookAt(baselineWindow, deployed,
                healthPassedAfter.toMillis());
        // The drift verifier starts its clock at the PROMOTE's decidedAt, in whole seconds.
        this.promotedAfterSeconds = Math.floorDiv(promoteMillis, 1000);
    }

    /** Seconds from the deployment to the PROMOTE that starts the drift clock. */
    public long promotedAfterSeconds() {
        return promotedAfterSeconds;
    }

    @Override
    public boolean accepts(Scenario scenario) {
        return scenario.isDrift();
    }

    @Override
    public BacktestVerdict replay(Scenario scenario) {
        if (scenario.candidate() == null || scenario.stepSeconds() <= 0) {
            return new BacktestVerdict(scenario.id(), "inconclusive", 0, List.of("no candidate window"));
        }
        Double limit = scenario.limits() == null ? null : scenario.limits().get("memoryBytes");
        int interval = (int) schedule.sampleInterval().toSeconds();
        long promoted = scenario.deployedAt() + promotedAfterSeconds;
        ResourceSeries candidate = samples(scenario, scenario.candidate(), promoted, schedule.phaseSamples(),
                interval, limit, true);
        long season = judge.policy().seasonPeriod().toSeconds();
        ResourceSeries baseline = scenario.baseline() == null ? null : samples(scenario, scenario.baseline(),
                promoted - season, (int) (season / interval), interval, limit, false);
        long phase = schedule.phaseLength().toSeconds();
        for (long at = schedule.firstLookSeconds(); ; at += schedule.lookInterval().toSeconds()) {
            long offset = schedule.lookAtOrBefore(Math.min(at, phase));
            int visible = Math.min(candidate.steps(), schedule.samplesBefore(offset));
            JudgeVerdict v = judge.evaluate(candidate.prefix(visible), baseline, promoted + offset);
            if (v.status().isFinal()) {
                return verdict(scenario.id(), v, promotedAfterSeconds + offset);
            }
            if (schedule.isLast(offset)) {
                return new BacktestVerdict(scenario.id(), "inconclusive", promotedAfterSeconds + offset,
                        List.of("judge still watching at the phase end: " + v.summary()));
            }
        }
    }

    private static BacktestVerdict verdict(String id, JudgeVerdict v, long at) {
        String decision = switch (v.status()) {
            case FAILED -> "rollback";
            case PASSED -> "promote";
            default -> "inconclusive";
        };
        List<String> reasons = new ArrayList<>();
        if (v.status() == JudgeStatus.FAILED) {
            // the breached checks are the reasons; the others are context the verdict line can spare
            v.evidence().stream().filter(Evidence::breached).map(Evidence::summary).forEach(reasons::add);
        } else {
            reasons.add(v.summary());
            v.evidence().stream().map(Evidence::summary).forEach(reasons::add);
        }
        return new BacktestVerdict(id, decision, at, reasons);
    }

    /**
     * The samples a provider would return from {@code from} on, one per interval: the recorded
     * sample whose step holds that time, NaN where the recording has none. A candidate series ends
     * with the recording (its missing tail reads as an outage); a reference series keeps its length.
     */
    private static ResourceSeries samples(Scenario scenario, Scenario.Window w, long from, int count, int interval,
                                          Double limit, boolean endWithRecording) {
        int step = scenario.stepSeconds();
        int recorded = longest(w.memoryBytes(), w.cpuCores(), w.diskBytes());
        int n = count;
        if (endWithRecording) {
            long recordedEnd = w.start() + (long) recorded * step;
            n = (int) Math.max(0, Math.min(count, Math.floorDiv(recordedEnd - from, interval)));
        }
        double[] memory = new double[n];
        double[] cpu = new double[n];
        double[] disk = new double[n];
        for (int i = 0; i < n; i++) {
            long j = Math.floorDiv(from + (long) i * interval - w.start(), step);
            memory[i] = at(w.memoryBytes(), j);
            cpu[i] = at(w.cpuCores(), j);
            disk[i] = at(w.diskBytes(), j);
        }
        return new ResourceSeries(from, interval, memory, cpu, disk, limit);
    }

    private static double at(double[] a, long j) {
        return a == null || j < 0 || j >= a.length ? Double.NaN : a[(int) j];
    }

    private static int longest(double[]... arrays) {
        return Arrays.stream(arrays).mapToInt(a -> a == null ? 0 : a.length).max().orElse(0);
    }
}
