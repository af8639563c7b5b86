package io.postflight.judge.drift;

import io.postflight.judge.drift.LimitAssessment.Outcome;
import io.postflight.metrics.ResourceSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One look at memory against its limit ({@link MemoryLimitPolicy}): is the working-set floor
 * sitting at the limit, or heading for it within the horizon over any recent window? Unlike the
 * trend test this needs no significance over the whole watch, so a leak that starts late, or one
 * that reached the limit and stays there, is caught at the next look. Pure.
 */
final class LimitWatch {

    private final DriftPolicy policy;
    private final MemoryLimitPolicy limits;

    LimitWatch(DriftPolicy policy) {
        this.policy = policy;
        this.limits = policy.memoryLimit();
    }

    /** The assessment at the look at epoch second {@code look}, from the candidate's samples before it. */
    LimitAssessment assess(ResourceSeries candidate, ResourceSeries baseline, long look) {
        Double limitOrNull = candidate.memoryLimitBytes();
        if (limitOrNull == null || !(limitOrNull > 0)) {
            return LimitAssessment.notMeasured(Double.NaN, limits);
        }
        double limit = limitOrNull;
        long c0 = candidate.startEpochSeconds();
        int block = (int) policy.blockLength().toSeconds();
        long elapsed = look - c0;
        double[] mem = candidate.memoryBytes();
        double floor = lowest(mem, candidate, look - limits.sustain().toSeconds(), look);
        double peak = highestInLatestBlock(mem, candidate, look, block);
        if (!Double.isFinite(floor) || !Double.isFinite(peak)) {
            return LimitAssessment.notMeasured(limit, limits);
        }
        double previous = previousFloor(baseline, block);
        boolean previousThere = Double.isFinite(previous) && previous >= limits.share() * limit;
        boolean aboveBefore = !Double.isFinite(previous) || floor > previous;
        double minSlope = Math.max(policy.minMemorySlopeBytesPerHour(), policy.minMemorySlopeFractionPerHour()
                * (Double.isFinite(previous) ? previous : floor));

        Projection urgent = null;
        Projection likely = null;
        Projection latest = null;
        // without the previous version a climb in the first hours may be a warm-up: the projection
        // then waits for the trend test's first look, by which a warm-up has levelled off
        boolean referenced = Double.isFinite(previous);
        List<Long> windows = referenced || elapsed >= policy.minObservation().toSeconds()
                ? windowSeconds(elapsed, block) : List.of();
        for (long w : windows) {
            Projection p = project(mem, candidate, baseline, look, w, block, limit - peak, minSlope);
            if (p == null) {
                continue;
            }
            if (latest == null) {
                latest = p;
            }
            if (p.slowest <= limits.horizonHours() && (urgent == null || p.slowest < urgent.slowest)) {
                urgent = p;
            }
            // only growth the interval establishes is timed in the evidence; a noisy slope is not
            boolean growing = p.estimate.lower() > 0;
            if (growing && p.point <= limits.horizonHours() && (likely == null || p.point < likely.point)) {
                likely = p;
            }
        }
        // a leak is still growing in the shortest window; a warm-up that reached its plateau is not
        boolean stillGrowing = latest != null && latest.estimate.lower() > 0 && latest.estimate.slope() >= minSlope;
        if (urgent != null && !stillGrowing) {
            likely = urgent;
            urgent = null;
        }
        Outcome outcome;
        Projection shown = urgent != null ? urgent : likely;
        if (floor >= limits.share() * limit) {
            outcome = previousThere || !aboveBefore ? Outcome.AS_PREVIOUS : Outcome.AT_LIMIT;
        } else if (urgent != null) {
            outcome = previousThere || !aboveBefore ? Outcome.AS_PREVIOUS : Outcome.HEADING_FOR_LIMIT;
        } else if (likely != null) {
            outcome = Outcome.NOT_ESTABLISHED;
        } else {
            outcome = Outcome.CLEAR;
        }
        double sustainHours = limits.sustain().toSeconds() / 3600.0;
        if (shown == null) {
            return new LimitAssessment(outcome, limit, limits.share(), sustainHours, floor, previous, peak,
                    Double.NaN, Double.NaN, null, Double.NaN, Double.NaN, limits.horizonHours());
        }
        return new LimitAssessment(outcome, limit, limits.share(), sustainHours, floor, previous, peak,
                shown.startHours, elapsed / 3600.0, shown.estimate, shown.point, shown.slowest,
                limits.horizonHours());
    }

    private record Projection(double startHours, TheilSen.Estimate estimate, double point, double slowest) {
    }

    /**
     * The window lengths tested, shortest first: the configured recent windows, the trend test's
     * recent part and the whole watch, each a whole number of blocks and at least
     * {@link DriftPolicy#minBlocks()} of them (fewer cannot bound a slope through GC noise).
     */
    private List<Long> windowSeconds(long elapsed, int block) {
        List<Long> out = new ArrayList<>();
        for (Duration d : limits.windows()) {
            out.add(d.toSeconds());
        }
        long blocksSeen = elapsed / block;
        out.add((blocksSeen - (long) Math.floor(blocksSeen * (1 - policy.recentFraction()))) * block);
        out.add(blocksSeen * block);
        return out.stream().map(w -> w / block * block)
                .filter(w -> w <= elapsed && w / block >= policy.minBlocks())
                .distinct().sorted().toList();
    }

    /** Sen's slope of the block floors over the {@code window} seconds before the look, projected. */
    private Projection project(double[] mem, ResourceSeries s, ResourceSeries baseline, long look, long window,
                               int block, double headroom, double minSlope) {
        int n = (int) (window / block);
        long from = look - window;
        double[] floors = BlockSeries.aggregate(mem, s.startEpochSeconds(), s.stepSeconds(), from, block, n,
                DriftResource.Aggregate.MIN, policy.minCoverage());
        double[] x = new double[n];
        int valid = 0;
        for (int j = 0; j < n; j++) {
            x[j] = (from - s.startEpochSeconds() + (j + 0.5) * block) / 3600.0;
            if (Double.isFinite(floors[j])) {
                valid++;
            }
        }
        if (valid < policy.minBlocks() || valid < policy.minCoverage() * n) {
            return null;
        }
        floors = lessSameHoursBefore(floors, baseline, from, block);
        double sen = TheilSen.slope(x, floors);
        MannKendall.Result mk = MannKendall.testCorrected(x, floors, sen);
        TheilSen.Estimate est = TheilSen.estimate(x, floors, mk.correctedVariance(), TrendAnalyzer.REPORTED_CONFIDENCE);
        double room = Math.max(0, headroom);
        // growth too slow to matter projects no limit, however close the GC peaks run to it
        double point = est.slope() > 0 && est.slope() >= minSlope ? room / est.slope() : Double.POSITIVE_INFINITY;
        // the slowest plausible growth must itself be worth a rollback, not a wobble of the GC floor
        double slowest = est.lower() > 0 && est.lower() >= minSlope ? room / est.lower() : Double.POSITIVE_INFINITY;
        return new Projection(from > s.startEpochSeconds() ? (from - s.startEpochSeconds()) / 3600.0 : 0, est,
                point, slowest);
    }

    /**
     * How far the floors stand above the previous version's floors at the same time of day (zero
     * where below), when the previous version's window covers at least half of them: a daily
     * cycle the previous version rode too, or a warm-up back to its level, is not growth toward
     * the limit that a rollback would undo. Otherwise the floors as they are.
     */
    private double[] lessSameHoursBefore(double[] floors, ResourceSeries baseline, long from, int block) {
        if (baseline == null) {
            return floors;
        }
        double[] before = BlockSeries.aggregate(baseline.memoryBytes(), baseline.startEpochSeconds(),
                baseline.stepSeconds(), from - policy.seasonPeriod().toSeconds(), block, floors.length,
                DriftResource.Aggregate.MIN, policy.minCoverage());
        double[] out = new double[floors.length];
        int paired = 0;
        int present = 0;
        for (int j = 0; j < floors.length; j++) {
            // climbing back to the previous version's level (a warm-up) is no growth a rollback would undo
            out[j] = Math.max(0, floors[j] - before[j]);
            present += Double.isFinite(floors[j]) ? 1 : 0;
            paired += Double.isFinite(out[j]) ? 1 : 0;
        }
        return paired >= policy.minBlocks() && paired >= 0.5 * present ? out : floors;
    }

    /** The previous version's typical floor: the median of its block minima, NaN without one. */
    private double previousFloor(ResourceSeries baseline, int block) {
        if (baseline == null) {
            return Double.NaN;
        }
        int count = (int) ((long) baseline.steps() * baseline.stepSeconds() / block);
        double[] floors = BlockSeries.aggregate(baseline.memoryBytes(), baseline.startEpochSeconds(),
                baseline.stepSeconds(), baseline.startEpochSeconds(), block, count, DriftResource.Aggregate.MIN,
                policy.minCoverage());
        double[] finite = Arrays.stream(floors).filter(Double::isFinite).toArray();
        return finite.length == 0 ? Double.NaN : TheilSen.median(finite);
    }

    /** Lowest sample in [from, to), NaN unless the span is covered by at least {@code minCoverage}. */
    private double lowest(double[] mem, ResourceSeries s, long from, long to) {
        if (from < s.startEpochSeconds()) {
            return Double.NaN;
        }
        double[] one = BlockSeries.aggregate(mem, s.startEpochSeconds(), s.stepSeconds(), from, (int) (to - from), 1,
                DriftResource.Aggregate.MIN, policy.minCoverage());
        return one[0];
    }

    private double highestInLatestBlock(double[] mem, ResourceSeries s, long look, int block) {
        long start = Math.max(s.startEpochSeconds(), look - block);
        if (start >= look) {
            return Double.NaN;
        }
        double[] one = BlockSeries.aggregate(mem, s.startEpochSeconds(), s.stepSeconds(), start, (int) (look - start), 1,
                DriftResource.Aggregate.MAX, policy.minCoverage());
        return one[0];
    }
}
