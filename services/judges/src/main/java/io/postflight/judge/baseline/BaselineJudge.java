package io.postflight.judge.baseline;

import io.postflight.contracts.Evidence;
import io.postflight.judge.DurationWords;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.metrics.TrafficSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The baseline-phase judge: canary analysis of the new version's error rate and latency against
 * the previous version, looked at again each time data arrives.
 *
 * <p>Pure: data in, verdict out, no I/O and no clock; "now" is a parameter and only steps that
 * ended by then are used, so replaying recorded data step by step gives the decisions and times the
 * live service would have given. The method, its guarantees and its references are in
 * {@code docs/judges/baseline.md}. In short:
 * <ul>
 *   <li>the comparison is the concurrent control when there is one, else the previous version's
 *       window just before the deployment (evidence label {@code baseline=control|previous-window});
 *   <li>FAILED as soon as a hard trigger fires, or an anytime-valid test establishes a regression of
 *       the error rate or of the latency histogram that is also beyond the practical tolerances;
 *   <li>WATCHING until the window is over; then PASSED with enough traffic, data and no suspicion of
 *       a regression, INCONCLUSIVE otherwise (never PASSED on too little traffic).
 * </ul>
 */
public final class BaselineJudge {

    /** How an INCONCLUSIVE caused by the verifier's own overload begins, so that it can be searched for. */
    public static final String VERIFIER_OVERLOADED = "verifier overloaded";

    private final BaselinePolicy policy;
    /**
     * A regression is established against the tolerance (a rise the policy tolerates builds no
     * evidence for it); what keeps a window from passing is evidence of any rise.
     */
    private final RegressionChecks.Tests errorTests;
    private final RegressionChecks.Tests latencyTests;
    /** The built-in throughput check, or {@code null} when it is off. */
    private final MetricCheck throughput;
    /**
     * The window the metric checks' previous-version reference spans: the nominal one, also when the
     * phase is extended and the judged window grows, so that every look holds a check to the same
     * reference (one e-process, not a new one per look).
     */
    private final Duration referenceWindow;

    /** A judge with the default throughput check. */
    public BaselineJudge(BaselinePolicy policy) {
        this(policy, DEFAULT_THROUGHPUT);
    }

    /** @param throughput the throughput check, or {@code null} for none */
    public BaselineJudge(BaselinePolicy policy, MetricCheck throughput) {
        this(policy, throughput, policy.window());
    }

    private BaselineJudge(BaselinePolicy policy, MetricCheck throughput, Duration referenceWindow) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.referenceWindow = referenceWindow;
        this.errorTests = RegressionChecks.Tests.of(policy.errorRatioTolerance());
        this.latencyTests = RegressionChecks.Tests.of(policy.latencyRatioTolerance());
        if (throughput != null && !MetricCheck.THROUGHPUT.equals(throughput.name())) {
            throw new IllegalArgumentException("not a throughput check: " + throughput.name());
        }
        this.throughput = throughput;
    }

    public BaselineJudge() {
        this(BaselinePolicy.DEFAULT);
    }

    /** The throughput check judges get unless told otherwise. */
    public static final MetricCheck DEFAULT_THROUGHPUT = MetricCheck.throughput(
            MetricCheck.DEFAULT_THROUGHPUT_TOLERANCE, MetricCheck.DEFAULT_MIN_STEPS);

    /** This judge's throughput check, or {@code null}. */
    public MetricCheck throughput() {
        return throughput;
    }

    /** The same judge under another policy (a verification's own), same throughput check. */
    public BaselineJudge with(BaselinePolicy other) {
        return new BaselineJudge(other, throughput);
    }

    /**
     * This judge on a longer window (an extended phase): error rate and latency judge all of it,
     * the metric checks keep this judge's window as their previous-version reference.
     */
    public BaselineJudge extendedTo(Duration window) {
        return new BaselineJudge(policy.withWindow(window), throughput, policy.window());
    }

    public BaselinePolicy policy() {
        return policy;
    }

    /**
     * Judges the candidate after the data observed so far.
     *
     * @param candidate the new version from the deployment on (its start is the deployment time)
     * @param baseline the previous version over the window just before the deployment
     * @param control the previous version serving at the same time, or {@code null} if there is none
     * @param nowEpochSeconds the current time; steps ending later are ignored
     */
    public JudgeVerdict evaluate(TrafficSeries candidate, TrafficSeries baseline, TrafficSeries control,
                                 long nowEpochSeconds) {
        return evaluate(candidate, baseline, control, nowEpochSeconds, 0);
    }

    /**
     * As {@link #evaluate(TrafficSeries, TrafficSeries, TrafficSeries, long)}, told how many steps of
     * the window the verifier itself could not sample on time (it was starved of CPU, say). When data
     * is missing and such steps exist, the INCONCLUSIVE says the verifier was overloaded
     * ({@link #VERIFIER_OVERLOADED}) rather than that the version's data is missing; it stays
     * INCONCLUSIVE (a HOLD), never a PASS.
     *
     * @param verifierStarvedSteps steps of the window in which the verifier's own sampling was starved
     */
    public JudgeVerdict evaluate(TrafficSeries candidate, TrafficSeries baseline, TrafficSeries control,
                                 long nowEpochSeconds, int verifierStarvedSteps) {
        return evaluate(candidate, baseline, control, nowEpochSeconds, verifierStarvedSteps, List.of());
    }

    /**
     * As {@link #evaluate(TrafficSeries, TrafficSeries, TrafficSeries, long, int)}, with the phase's
     * custom checks and what this look fetched for them. Every statistical check (error rate,
     * latency, throughput, each custom check) gets an equal share of α, so the phase's bound on a
     * false rollback holds whatever the number of checks.
     */
    public JudgeVerdict evaluate(TrafficSeries candidate, TrafficSeries baseline, TrafficSeries control,
                                 long nowEpochSeconds, int verifierStarvedSteps, List<CheckData> checks) {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(checks, "checks");
        Objects.requireNonNull(baseline, "baseline");
        String unusable = TrafficSanity.problem(candidate, AlignedTraffic.reference(baseline, control));
        if (unusable != null) {
            return new JudgeVerdict(JudgeStatus.INCONCLUSIVE, "data unusable: " + unusable,
                    List.of(TrafficSanity.evidence(unusable)));
        }
        int step = candidate.stepSeconds();
        int windowSteps = (int) Math.ceil((double) policy.window().toSeconds() / step);
        AlignedTraffic a = AlignedTraffic.of(candidate, baseline, control, nowEpochSeconds, windowSteps);
        int trimSteps = (int) Math.ceil((double) policy.blipAllowance().toSeconds() / step);

        Evidence errorGuard = HardTriggers.errorRate(a, policy);
        Evidence latencyGuard = HardTriggers.latencyP99(a, policy);
        // The candidate's steps visible now, at most a window of them: as aligned for error rate and latency.
        int visible = a.steps;
        int warmUpSteps = (int) Math.ceil((double) policy.warmUp().toSeconds() / step);
        int nominalSteps = (int) Math.ceil((double) referenceWindow.toSeconds() / step);
        int sharing = RegressionChecks.CHECKS + (throughput != null ? 1 : 0) + checks.size();
        List<MetricChecks.Input> inputs = new ArrayList<>();
        if (throughput != null) {
            inputs.add(CheckInputs.throughput(throughput, candidate, baseline, control, visible, nominalSteps,
                    MetricChecks.stepsForBound(policy.alpha() / sharing / 2)));
        }
        for (CheckData c : checks) {
            inputs.add(CheckInputs.custom(c.check(), c.perRequest(), c.candidate(), c.baseline(), c.control(),
                    candidate, baseline, control, visible, nominalSteps, warmUpSteps));
        }
        Finding errors = RegressionChecks.errorRate(a, policy, errorTests, trimSteps, sharing);
        Finding latency = RegressionChecks.latency(a, policy, latencyTests, trimSteps, sharing);
        List<MetricChecks.Result> metricResults = new ArrayList<>();
        for (MetricChecks.Input in : inputs) {
            metricResults.add(MetricChecks.judge(in, policy.alpha() / sharing));
        }
        int starved = Math.min(Math.max(0, verifierStarvedSteps), windowSteps);
        Evidence traffic = trafficEvidence(a, windowSteps, starved);
        List<Evidence> evidence = new ArrayList<>(List.of(errors.evidence(), latency.evidence(), errorGuard,
                latencyGuard, traffic));
        List<Evidence> statistical = new ArrayList<>(List.of(errorGuard, latencyGuard, errors.evidence(),
                latency.evidence()));
        for (MetricChecks.Result r : metricResults) {
            evidence.add(r.finding().evidence());
            statistical.add(r.finding().evidence());
        }
        evidence = List.copyOf(evidence);

        List<String> failures = new ArrayList<>();
        for (Evidence e : statistical) {
            if (e.breached()) {
                failures.add(e.check());
            }
        }
        if (!failures.isEmpty()) {
            return new JudgeVerdict(JudgeStatus.FAILED, "regression vs " + a.comparison + " ("
                    + String.join(", ", failures) + ")", evidence);
        }
        long elapsed = nowEpochSeconds - candidate.startEpochSeconds();
        if (elapsed < policy.window().toSeconds()) {
            return new JudgeVerdict(JudgeStatus.WATCHING, String.format(Locale.ROOT, "watching %s of %s vs %s; %s; %s",
                    DurationWords.ofSeconds(elapsed), DurationWords.of(policy.window()), a.comparison,
                    errors.evidence().summary(), latency.evidence().summary()), evidence);
        }
        String shortfall = trafficShortfall(a, windowSteps, starved, step);
        if (shortfall != null) {
            return new JudgeVerdict(JudgeStatus.INCONCLUSIVE, shortfall + "; extend the window", evidence);
        }
        for (MetricChecks.Result r : metricResults) {
            if (r.tooLittleData() != null) {
                return new JudgeVerdict(JudgeStatus.INCONCLUSIVE, r.tooLittleData() + "; extend the window", evidence);
            }
        }
        for (MetricChecks.Result r : metricResults) {
            if (r.finding().suspected()) {
                Evidence which = r.finding().evidence();
                return new JudgeVerdict(JudgeStatus.INCONCLUSIVE, "possible regression not established ("
                        + which.check() + ": " + which.summary() + "); extend the window", evidence);
            }
        }
        if (errors.suspected() || latency.suspected()) {
            Evidence which = errors.suspected() ? errors.evidence() : latency.evidence();
            return new JudgeVerdict(JudgeStatus.INCONCLUSIVE, "possible regression not established ("
                    + which.check() + ": " + which.summary() + "); extend the window", evidence);
        }
        if (errors.notShownWithin() != null || latency.notShownWithin() != null) {
            String which = errors.notShownWithin() != null ? errors.notShownWithin() : latency.notShownWithin();
            return new JudgeVerdict(JudgeStatus.INCONCLUSIVE, String.format(Locale.ROOT,
                    "within the tolerance not shown yet at %.0f %% confidence: %s; extend the window",
                    100 * policy.passConfidence(), which), evidence);
        }
        return new JudgeVerdict(JudgeStatus.PASSED, "no regression vs " + a.comparison + " over "
                + DurationWords.of(policy.window()) + "; " + errors.evidence().summary() + "; "
                + latency.evidence().summary(), evidence);
    }

    /** Why the window cannot support a PASS, or {@code null} if it can. */
    private String trafficShortfall(AlignedTraffic a, int windowSteps, int starvedSteps, int step) {
        long cand = a.pairedCandidateRequests();
        long cmp = a.pairedComparisonRequests();
        if (cand < policy.minRequests() || cmp < policy.minRequests()) {
            String counts = String.format(Locale.ROOT, "%d candidate and %d %s requests, %d needed on each side",
                    cand, cmp, a.comparison, policy.minRequests());
            if (starvedSteps == 0) {
                return "too little traffic: " + counts;
            }
            // Whose shortfall: had the steps the verifier itself missed carried traffic at the rate of
            // the observed ones, would both sides have enough? Then the verifier is named, not the
            // traffic. Wording only: either way the window is inconclusive, never a pass.
            // Only steps without data can hide requests: a starved step that still has a reading counts
            // its requests already (a late scrape's increase lands in the step it was read in).
            int hidden = Math.min(starvedSteps, windowSteps - a.pairedSteps());
            double fill = a.pairedSteps() == 0 ? 0 : (double) (a.pairedSteps() + hidden) / a.pairedSteps();
            if (hidden > 0 && cand * fill >= policy.minRequests() && cmp * fill >= policy.minRequests()) {
                return String.format(Locale.ROOT, "%s: its own scrapes ran late or not at all in %d of the window's %d"
                        + " steps of %d s, so only %d candidate and %d %s requests were observed (%d needed on each"
                        + " side)", VERIFIER_OVERLOADED, starvedSteps, windowSteps, step, cand, cmp, a.comparison,
                        policy.minRequests());
            }
            return String.format(Locale.ROOT, "too little traffic: %s (the %s too: its own scrapes ran late or not at"
                    + " all in %d of the window's %d steps)", counts,
                    VERIFIER_OVERLOADED.replace("verifier", "verifier was"), starvedSteps, windowSteps);
        }
        double coverage = (double) a.pairedSteps() / windowSteps;
        // The verifier is blamed only where its own starved steps account for the shortfall; a
        // larger gap is the data's, with the overload named beside it.
        boolean starvationExplainsIt = (double) (a.pairedSteps() + starvedSteps) / windowSteps >= policy.minCoverage();
        if (coverage < policy.minCoverage() && starvedSteps > 0 && !starvationExplainsIt) {
            return String.format(Locale.ROOT, "data missing: %.0f %% of the window observed on both sides, %.0f %%"
                    + " needed (the %s too: its own scrapes ran late or not at all in %d of the window's %d steps)",
                    100 * coverage, 100 * policy.minCoverage(), VERIFIER_OVERLOADED.replace("verifier", "verifier was"),
                    starvedSteps, windowSteps);
        }
        if (coverage < policy.minCoverage() && starvedSteps > 0) {
            return String.format(Locale.ROOT, "%s: its own scrapes ran late or not at all in %d of the window's %d"
                    + " steps of %d s, so only %.0f %% of the window was observed on both sides, %.0f %% needed",
                    VERIFIER_OVERLOADED, starvedSteps, windowSteps, step, 100 * coverage, 100 * policy.minCoverage());
        }
        if (coverage < policy.minCoverage() && a.loadUnmatched > 0) {
            // Without a control, steps are compared only at similar load (AlignedTraffic).
            return String.format(Locale.ROOT, "load differs from the previous window's: in %d of the window's %d"
                    + " steps the new version served a load no unused step of the previous version's window came"
                    + " near (within 8 %% and the counts' noise), and without a control versions are compared only at similar load;"
                    + " %.0f %% of the window compared, %.0f %% needed", a.loadUnmatched, windowSteps, 100 * coverage,
                    100 * policy.minCoverage());
        }
        if (coverage < policy.minCoverage()) {
            return String.format(Locale.ROOT, "data missing: %.0f %% of the window observed on both sides, %.0f %% needed",
                    100 * coverage, 100 * policy.minCoverage());
        }
        return null;
    }

    private Evidence trafficEvidence(AlignedTraffic a, int windowSteps, int starvedSteps) {
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("candidateRequests", (double) a.pairedCandidateRequests());
        f.put("comparisonRequests", (double) a.pairedComparisonRequests());
        f.put("minRequests", (double) policy.minRequests());
        f.put("stepsObserved", (double) a.pairedSteps());
        f.put("windowSteps", (double) windowSteps);
        f.put("coverage", (double) a.pairedSteps() / windowSteps);
        f.put("minCoverage", policy.minCoverage());
        f.put("verifierStarvedSteps", (double) starvedSteps);
        f.put("loadUnmatchedSteps", (double) a.loadUnmatched);
        String summary = String.format(Locale.ROOT, "%d candidate and %d %s requests over %d of %d steps",
                a.pairedCandidateRequests(), a.pairedComparisonRequests(), a.comparison, a.pairedSteps(), windowSteps);
        return new Evidence("traffic", false, summary, f, Map.of("baseline", a.comparison));
    }
}
