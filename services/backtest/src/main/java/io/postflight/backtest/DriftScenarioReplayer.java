package io.postflight.backtest;

import io.postflight.contracts.Evidence;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.judge.drift.DriftJudge;
import io.postflight.judge.drift.DriftPolicy;
import io.postflight.metrics.ResourceSeries;
import io.postflight.provider.recorded.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Replays drift scenarios through the {@link DriftJudge} as the drift-verifier would run it: at
 * every look of the judge's schedule, the judge sees the candidate's samples up to that moment
 * (and the previous version's window before the deployment), and the first final verdict is the
 * scenario's decision, timed at that look.
 *
 * <p>A sample is taken to describe the step it starts, so the judge is asked at the end of that
 * step: the decision time is never earlier than the data it used.
 */
public final class DriftScenarioReplayer implements ScenarioReplayer {

    private final DriftJudge judge;

    public DriftScenarioReplayer() {
        this(DriftPolicy.defaults());
    }

    public DriftScenarioReplayer(DriftPolicy policy) {
        this.judge = new DriftJudge(policy);
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
        int step = scenario.stepSeconds();
        ResourceSeries candidate = series(scenario.candidate(), step, limit);
        ResourceSeries baseline = scenario.baseline() == null ? null : series(scenario.baseline(), step, limit);
        long deployedAt = scenario.deployedAt();
        long lookSeconds = judge.policy().lookInterval().toSeconds();
        long phaseEnd = judge.policy().phaseLength().toSeconds();
        long dataEnd = (long) candidate.steps() * step;
        // every look while data lasts, then the phase end (the judge says INCONCLUSIVE if data stopped)
        for (long at = lookSeconds; ; at += lookSeconds) {
            long now = Math.min(at, Math.max(phaseEnd, dataEnd));
            int visible = (int) Math.min(candidate.steps(), now / step);
            JudgeVerdict v = judge.evaluate(candidate.prefix(visible), baseline, deployedAt + now);
            if (v.status().isFinal()) {
                return verdict(scenario.id(), v, now);
            }
            if (now >= Math.max(phaseEnd, dataEnd)) {
                return new BacktestVerdict(scenario.id(), "inconclusive", now,
                        List.of("judge still watching when the data ended: " + v.summary()));
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

    private static ResourceSeries series(Scenario.Window w, int step, Double limit) {
        int n = longest(w.memoryBytes(), w.cpuCores(), w.diskBytes());
        return new ResourceSeries(w.start(), step, orNaN(w.memoryBytes(), n),
                orNaN(w.cpuCores(), n), orNaN(w.diskBytes(), n), limit);
    }

    private static int longest(double[]... arrays) {
        return Arrays.stream(arrays).mapToInt(a -> a == null ? 0 : a.length).max().orElse(0);
    }

    /** A missing gauge is all NaN (not measured); a short one is padded with NaN. */
    private static double[] orNaN(double[] a, int n) {
        double[] out = new double[n];
        Arrays.fill(out, Double.NaN);
        if (a != null) {
            System.arraycopy(a, 0, out, 0, Math.min(n, a.length));
        }
        return out;
    }
}
