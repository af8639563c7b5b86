package io.postflight.backtest;

import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.judge.baseline.BaselineJudge;
import io.postflight.judge.baseline.FastChecks;
import io.postflight.judge.schedule.BaselineSchedule;
import io.postflight.judge.schedule.FastCheckSchedule;
import io.postflight.provider.recorded.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Replays canary scenarios as the baseline verifier runs them: the {@link FastChecks} and the
 * {@link BaselineJudge} are asked at the times of the service's own {@link BaselineSchedule}
 * (the same code the verifier runs), each on the data the service's provider would have returned
 * then (its step, its data delay, the candidate from the first step boundary after the deployment,
 * the previous version's window before it). The first final verdict is the decision, timed at the
 * look that reached it: when the service would have published it.
 *
 * <p>The health phase is taken to pass at {@code healthPassedAfter} (the health verifier's
 * earliest, 18 rounds of 10 s); statistical looks wait for it, fast checks do not. A recording
 * shorter than an extended phase ends the replay INCONCLUSIVE at the last look it supports.
 */
public final class CanaryScenarioReplayer implements ScenarioReplayer {

    /** When the health phase passes at the earliest with the health verifier's defaults. */
    public static final Duration DEFAULT_HEALTH_PASSED_AFTER = Duration.ofSeconds(170);

    private final BaselineJudge judge;
    private final FastChecks fastChecks;
    private final BaselineSchedule schedule;
    private final Duration healthPassedAfter;

    public CanaryScenarioReplayer(BaselineJudge judge, FastChecks fastChecks, BaselineSchedule schedule,
                                  Duration healthPassedAfter) {
        this.judge = Objects.requireNonNull(judge, "judge");
        this.fastChecks = Objects.requireNonNull(fastChecks, "fastChecks");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.healthPassedAfter = Objects.requireNonNull(healthPassedAfter, "healthPassedAfter");
    }

    /** The service's defaults. */
    public CanaryScenarioReplayer() {
        this(new BaselineJudge(), new FastChecks(), BaselineSchedule.DEFAULT, DEFAULT_HEALTH_PASSED_AFTER);
    }

    @Override
    public boolean accepts(Scenario scenario) {
        return scenario.isCanary();
    }

    @Override
    public BacktestVerdict replay(Scenario scenario) {
        RecordedTraffic traffic = new RecordedTraffic(scenario);
        Instant deployed = Instant.ofEpochSecond(scenario.deployedAt());
        long deployedMillis = deployed.toEpochMilli();
        FastCheckSchedule fast = schedule.fastChecks();
        long nextFast = fast.enabled() ? fast.firstCheckAt(deployed) : Long.MAX_VALUE;
        long nextLook = schedule.firstLookAt(deployed, deployedMillis + healthPassedAfter.toMillis());
        JudgeVerdict last = null;
        long lastAt = 0;
        while (true) {
            long now = Math.min(nextFast, nextLook);
            long at = (now - deployedMillis) / 1000;
            if (now == nextFast) {
                JudgeVerdict v = fastCheck(traffic, deployed, now);
                if (v != null && v.status() == JudgeStatus.FAILED) {
                    return verdict(scenario.id(), v, at);
                }
                nextFast = fast.nextCheckAt(now, now);
                nextFast = fast.runsAt(deployed, nextFast) ? nextFast : Long.MAX_VALUE;
                continue;
            }
            long end = schedule.dataEndSeconds(now);
            if (end > traffic.candidateEnd()) {
                // The service would look on; the recording has no more to show it.
                List<String> reasons = new ArrayList<>();
                reasons.add("recording ends at " + (traffic.candidateEnd() - scenario.deployedAt())
                        + " s while the service would still be looking");
                if (last != null) {
                    reasons.addAll(reasons(last));
                }
                return new BacktestVerdict(scenario.id(), "inconclusive", lastAt, reasons);
            }
            JudgeVerdict v = look(traffic, deployed, end);
            nextLook = schedule.nextLookAt(now, now);
            if (v == null) {
                continue;
            }
            last = v;
            lastAt = at;
            if (!schedule.keepsLooking(v.status(), deployed, now)) {
                return verdict(scenario.id(), v, at);
            }
        }
    }

    /** The fast checks at {@code nowMillis}, or null before the candidate's first complete step. */
    private JudgeVerdict fastCheck(RecordedTraffic traffic, Instant deployed, long nowMillis) {
        FastCheckSchedule fast = schedule.fastChecks();
        long start = fast.candidateStartSeconds(deployed);
        long end = Math.min(fast.dataEndSeconds(nowMillis), traffic.candidateEnd());
        if (end <= start) {
            return null;
        }
        int step = (int) fast.stepSeconds();
        long window = judge.policy().window().toSeconds();
        return fastChecks.evaluate(traffic.candidate(start, end, step), traffic.baseline(start - window, start, step),
                traffic.control(start, end, step), end);
    }

    /** The statistical judge on data up to {@code end}, or null before the candidate's first complete step. */
    private JudgeVerdict look(RecordedTraffic traffic, Instant deployed, long end) {
        long start = schedule.candidateStartSeconds(deployed);
        if (end <= start) {
            return null;
        }
        int step = (int) schedule.stepSeconds();
        Duration window = schedule.judgedWindow(judge.policy().window(), deployed, end);
        BaselineJudge j = window.equals(judge.policy().window()) ? judge
                : judge.extendedTo(window);
        return j.evaluate(traffic.candidate(start, end, step), traffic.baseline(start - window.toSeconds(), start, step),
                traffic.control(start, end, step), end);
    }

    private static BacktestVerdict verdict(String id, JudgeVerdict v, long at) {
        return new BacktestVerdict(id, decision(v.status()), at, reasons(v));
    }

    /** The FORMAT.md decision for a judge status; a judge still watching at the end is inconclusive. */
    static String decision(JudgeStatus status) {
        return switch (status) {
            case FAILED -> "rollback";
            case PASSED -> "promote";
            case INCONCLUSIVE, WATCHING -> "inconclusive";
        };
    }

    private static List<String> reasons(JudgeVerdict verdict) {
        List<String> reasons = new ArrayList<>();
        reasons.add(verdict.summary());
        verdict.evidence().stream().filter(e -> e.breached())
                .forEach(e -> reasons.add(e.check() + ": " + e.summary()));
        return reasons;
    }
}
