package io.postflight.judge.health;

import io.postflight.contracts.Evidence;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges the health phase from the probe tallies. Pure: the tracker and "now" in, a verdict out.
 *
 * <p>Order of the rules matters: a crash loop fails even when the instance is up at this moment
 * (it will go down again); sustained unhealthiness fails; the phase passes only when every
 * instance has been healthy for the whole required run; no instances at all is INCONCLUSIVE,
 * because silence is not evidence of health.
 */
public final class HealthJudge {
    /** The reason, at the start of an INCONCLUSIVE summary, when probes the verifier could not run left too few known rounds. */
    public static final String VERIFIER_OVERLOADED = "verifier overloaded";
    /**
     * Instances a verdict lists one by one (breached ones first); the rest are counted in one more
     * item. A phase result must stay far below a Kafka record's limit whatever the number of
     * targets: with a thousand long instance names a full list passed 1 MiB and could not be written.
     */
    public static final int MAX_LISTED_INSTANCES = 25;
    /** Instances named in a summary line; the rest are counted. */
    public static final int MAX_NAMED_INSTANCES = 10;
    private final HealthPolicy policy;

    public HealthJudge(HealthPolicy policy) {
        this.policy = policy;
    }

    public HealthPolicy policy() {
        return policy;
    }

    public JudgeVerdict judge(HealthTracker tracker, Instant now) {
        if (tracker.instances().isEmpty()) {
            return new JudgeVerdict(JudgeStatus.INCONCLUSIVE,
                    "no instances to probe: neither the deploy event nor the target map named any", List.of());
        }
        List<Evidence> crashLooping = new ArrayList<>();
        List<Evidence> unhealthy = new ArrayList<>();
        List<Evidence> all = new ArrayList<>();
        for (InstanceHealth i : tracker.instances().values()) {
            Evidence e = evidenceOf(i);
            all.add(e);
            if (i.flaps() >= policy.crashLoopFlaps()) {
                crashLooping.add(e);
            } else if (i.consecutiveUnhealthy() >= policy.failAfterConsecutiveUnhealthy()) {
                unhealthy.add(e);
            }
        }
        if (!crashLooping.isEmpty()) {
            return new JudgeVerdict(JudgeStatus.FAILED, "crash loop: " + names(crashLooping) + " went down "
                    + policy.crashLoopFlaps() + " or more times", listed(all));
        }
        if (!unhealthy.isEmpty()) {
            return new JudgeVerdict(JudgeStatus.FAILED, "unhealthy for " + policy.failAfterConsecutiveUnhealthy()
                    + " consecutive probes: " + describe(unhealthy), listed(all));
        }
        boolean allPassed = tracker.instances().values().stream()
                .allMatch(i -> i.consecutiveHealthy() >= policy.passAfterConsecutiveHealthy());
        if (allPassed) {
            return new JudgeVerdict(JudgeStatus.PASSED, "all " + tracker.instances().size()
                    + " instances live and ready for " + policy.passAfterConsecutiveHealthy()
                    + " consecutive probes", listed(all));
        }
        if (!now.isBefore(tracker.startedAt().plus(policy.phaseDuration()))) {
            List<InstanceHealth> starved = tracker.instances().values().stream()
                    .filter(i -> i.unknownRounds() > 0
                            && i.consecutiveHealthy() < policy.passAfterConsecutiveHealthy())
                    .toList();
            if (!starved.isEmpty()) {
                // Too few known rounds because the verifier could not probe: no evidence either way.
                return new JudgeVerdict(JudgeStatus.INCONCLUSIVE, VERIFIER_OVERLOADED + ": "
                        + describeUnknown(starved) + "; too few known rounds for "
                        + policy.passAfterConsecutiveHealthy() + " consecutive healthy probes", listed(all));
            }
            return new JudgeVerdict(JudgeStatus.INCONCLUSIVE, "phase ended after "
                    + policy.phaseDuration().toSeconds() + " s without " + policy.passAfterConsecutiveHealthy()
                    + " consecutive healthy probes on every instance", listed(all));
        }
        return new JudgeVerdict(JudgeStatus.WATCHING, "probing", listed(all));
    }

    private Evidence evidenceOf(InstanceHealth i) {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("rounds", (double) i.rounds());
        figures.put("unknownRounds", (double) i.unknownRounds());
        figures.put("consecutiveHealthy", (double) i.consecutiveHealthy());
        figures.put("consecutiveUnhealthy", (double) i.consecutiveUnhealthy());
        figures.put("flaps", (double) i.flaps());
        figures.put("passAfterConsecutiveHealthy", (double) policy.passAfterConsecutiveHealthy());
        figures.put("failAfterConsecutiveUnhealthy", (double) policy.failAfterConsecutiveUnhealthy());
        figures.put("crashLoopFlaps", (double) policy.crashLoopFlaps());
        boolean breached = i.flaps() >= policy.crashLoopFlaps()
                || i.consecutiveUnhealthy() >= policy.failAfterConsecutiveUnhealthy();
        String last = i.lastDetail() == null ? "not probed yet" : i.lastDetail();
        return new Evidence("health:" + i.instance(), breached, i.instance() + ": " + last, figures,
                Map.of("instance", i.instance()));
    }

    private static String describeUnknown(List<InstanceHealth> starved) {
        InstanceHealth first = starved.get(0);
        return starved.size() + " instance(s) not probed on some rounds (" + first.instance() + ": "
                + first.unknownRounds() + " of " + first.rounds() + " rounds, last: " + first.lastDetail() + ")";
    }

    private static String names(List<Evidence> es) {
        return String.join(", ", es.stream().limit(MAX_NAMED_INSTANCES).map(e -> e.labels().get("instance")).toList())
                + more(es.size());
    }

    private static String describe(List<Evidence> es) {
        return String.join("; ", es.stream().limit(MAX_NAMED_INSTANCES).map(Evidence::summary).toList())
                + more(es.size());
    }

    private static String more(int size) {
        return size > MAX_NAMED_INSTANCES ? " and " + (size - MAX_NAMED_INSTANCES) + " more" : "";
    }

    /** At most {@link #MAX_LISTED_INSTANCES} instances, breached ones first, and a count of the rest. */
    static List<Evidence> listed(List<Evidence> all) {
        if (all.size() <= MAX_LISTED_INSTANCES) {
            return all;
        }
        List<Evidence> shown = new ArrayList<>(all.stream().filter(Evidence::breached).limit(MAX_LISTED_INSTANCES).toList());
        all.stream().filter(e -> !e.breached()).limit(MAX_LISTED_INSTANCES - shown.size()).forEach(shown::add);
        long breachedLeft = all.stream().filter(Evidence::breached).count()
                - shown.stream().filter(Evidence::breached).count();
        int left = all.size() - shown.size();
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("instances", (double) all.size());
        figures.put("notListed", (double) left);
        figures.put("notListedBreached", (double) breachedLeft);
        shown.add(new Evidence("health:not-listed", breachedLeft > 0, left + " more instance(s) not listed, "
                + breachedLeft + " of them breaching", figures, Map.of()));
        return shown;
    }

    /** How long the phase may still run, for scheduling. */
    public Duration remaining(HealthTracker tracker, Instant now) {
        Duration d = Duration.between(now, tracker.startedAt().plus(policy.phaseDuration()));
        return d.isNegative() ? Duration.ZERO : d;
    }
}
