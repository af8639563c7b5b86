package io.postflight.judge.drift;

import io.postflight.contracts.Evidence;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.judge.drift.TrendAssessment.Outcome;
import io.postflight.metrics.ResourceSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Judges the drift phase: whether the new version's memory, CPU or disk creeps up over the hours
 * after its deployment, compared with the previous version at the same time of day. Pure: the
 * series and "now" in, a verdict out; no clock, no I/O.
 *
 * <p>The judge looks on a fixed schedule ({@link DriftPolicy#lookInterval()} after the
 * deployment, from {@link DriftPolicy#minObservation()} on) and each call assesses the latest
 * scheduled look at or before "now", on the samples taken before it. Calling more often than the
 * schedule adds no looks, so the Bonferroni split of {@link DriftPolicy#alpha()} over all
 * scheduled looks and resources bounds the false-rollback rate of the whole phase however often
 * the service asks. A caller keeps the first final verdict; a look it skipped only makes the
 * phase more conservative.
 *
 * <p>FAILED as soon as one resource shows a significant, practically relevant upward trend above
 * the previous version (memory: also when it would reach its limit within the horizon); PASSED
 * at the end of the phase when none did and every measured resource could be tested;
 * INCONCLUSIVE at the end when memory, or a resource that has samples, could not be tested, or
 * could be tested only without the previous version's same hours of the day (daily cycles then
 * look like trends: only a memory rise about to hit the limit can still fail the phase);
 * WATCHING before.
 */
public final class DriftJudge {

    private final DriftPolicy policy;
    private final TrendAnalyzer analyzer;
    private final LimitWatch limitWatch;

    public DriftJudge(DriftPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.analyzer = new TrendAnalyzer(policy);
        this.limitWatch = new LimitWatch(policy);
    }

    public DriftPolicy policy() {
        return policy;
    }

    /**
     * The verdict at {@code nowEpochSeconds}.
     *
     * @param candidate the new version's samples from the deployment ({@code startEpochSeconds})
     *     up to now; samples after the current look are ignored
     * @param baseline the previous version's samples before the deployment (ideally the last
     *     {@link DriftPolicy#seasonPeriod()}, so every hour has its same-time-of-day reference);
     *     may be null or shorter
     */
    public JudgeVerdict evaluate(ResourceSeries candidate, ResourceSeries baseline, long nowEpochSeconds) {
        if (candidate == null) {
            return new JudgeVerdict(JudgeStatus.INCONCLUSIVE, "no candidate samples", List.of());
        }
        long c0 = candidate.startEpochSeconds();
        long elapsed = nowEpochSeconds - c0;
        long phase = policy.phaseLength().toSeconds();
        long lookSeconds = policy.lookInterval().toSeconds();
        long k = Math.max(0, Math.min(elapsed, phase)) / lookSeconds;
        if (k < policy.firstLimitLookIndex()) {
            return new JudgeVerdict(JudgeStatus.WATCHING, "observing: first look at "
                    + Quantities.elapsed(policy.firstLimitLookIndex() * lookSeconds) + " after the deployment", List.of());
        }
        long look = c0 + k * lookSeconds;
        ResourceSeries visible = candidate.prefix(samplesBefore(candidate, look));
        String at = " (look at " + Quantities.elapsed(k * lookSeconds) + ")";
        LimitAssessment limit = limitWatch.assess(visible, baseline, look);
        Evidence limitEvidence = LimitEvidence.of(limit);
        if (k < policy.firstLookIndex()) {
            if (limit.breached()) {
                return new JudgeVerdict(JudgeStatus.FAILED, LimitEvidence.summary(limit) + at, List.of(limitEvidence));
            }
            return new JudgeVerdict(JudgeStatus.WATCHING, "memory limit watched; first trend look at "
                    + Quantities.elapsed(policy.firstLookIndex() * lookSeconds) + " after the deployment" + at,
                    List.of(limitEvidence));
        }
        List<TrendAssessment> found = new ArrayList<>();
        for (DriftResource r : DriftResource.values()) {
            found.add(analyzer.assess(r, visible, baseline, look));
        }
        List<Evidence> evidence = new ArrayList<>(found.stream().map(DriftEvidence::of).toList());
        evidence.add(limitEvidence);
        List<String> failures = new ArrayList<>();
        if (limit.breached()) {
            failures.add(LimitEvidence.summary(limit));
        }
        found.stream().filter(TrendAssessment::breached).map(DriftEvidence::summary).forEach(failures::add);
        if (!failures.isEmpty()) {
            return new JudgeVerdict(JudgeStatus.FAILED, String.join("; and ", failures) + at, evidence);
        }
        if (elapsed < phase) {
            return new JudgeVerdict(JudgeStatus.WATCHING, "no relevant upward trend so far" + at, evidence);
        }
        TrendAssessment projecting = trendProjectingLimit(found);
        if (limit.limitWithinHorizon() || projecting != null) {
            // The evidence speaks of the limit within hours: a pass would contradict it. Quote what
            // says so: the limit rules, else the trend whose own projection reaches the limit.
            String why = limit.limitWithinHorizon() ? LimitEvidence.summary(limit) : DriftEvidence.summary(projecting);
            return new JudgeVerdict(JudgeStatus.INCONCLUSIVE, "phase over, but memory may reach its limit within "
                    + Quantities.elapsed(policy.memoryLimit().horizon().toSeconds()) + ": " + why, evidence);
        }
        List<String> untested = untested(found);
        if (!untested.isEmpty()) {
            return new JudgeVerdict(JudgeStatus.INCONCLUSIVE, "phase over but could not test "
                    + String.join(", ", untested), evidence);
        }
        return new JudgeVerdict(JudgeStatus.PASSED, "no significant, relevant upward trend in memory, CPU or disk over "
                + Quantities.elapsed(phase), evidence);
    }

    /** Whether a significant trend's own projection puts the memory limit within the limit rules' horizon. */
    /** A significant trend whose own projection reaches the limit within the horizon, or null. */
    private TrendAssessment trendProjectingLimit(List<TrendAssessment> found) {
        double horizon = policy.memoryLimit().horizonHours();
        return found.stream().filter(a -> a.significant() && a.hoursToLimit() <= horizon).findFirst().orElse(null);
    }

    /** Resources that block a pass: memory unless tested, others when sampled but not testable. */
    private static List<String> untested(List<TrendAssessment> found) {
        List<String> out = new ArrayList<>();
        for (TrendAssessment a : found) {
            boolean mandatory = a.resource() == DriftResource.MEMORY;
            if (a.outcome() == Outcome.INSUFFICIENT || a.outcome() == Outcome.UNREFERENCED
                    || (mandatory && a.outcome() == Outcome.NOT_MEASURED)) {
                out.add(a.resource().label() + " (" + a.outcome().name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
        }
        return out;
    }

    /** Number of samples taken strictly before {@code epoch}. */
    private static int samplesBefore(ResourceSeries s, long epoch) {
        long span = epoch - s.startEpochSeconds();
        if (span <= 0) {
            return 0;
        }
        return (int) Math.min(s.steps(), (span + s.stepSeconds() - 1) / s.stepSeconds());
    }

}
