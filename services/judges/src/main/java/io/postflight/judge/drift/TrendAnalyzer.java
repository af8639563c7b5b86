package io.postflight.judge.drift;

import io.postflight.judge.drift.TrendAssessment.Outcome;
import io.postflight.judge.drift.TrendAssessment.ReferenceMode;
import io.postflight.metrics.ResourceSeries;
import java.util.Arrays;

/**
 * One look at one resource: reduces the candidate's samples to blocks, sets them against the
 * previous version's blocks at the same time of day (de-seasonalising), and tests the recent part
 * of the window for an upward trend beyond the previous version's (partial Mann-Kendall for
 * memory and CPU, Mann-Kendall of the difference for disk growth; both Hamed-Rao corrected) whose
 * Sen slope of the difference is large enough to matter. Pure; sees only the samples it is given.
 */
final class TrendAnalyzer {

    /** The Sen interval reported in evidence. */
    static final double REPORTED_CONFIDENCE = 0.95;

    private final DriftPolicy policy;

    TrendAnalyzer(DriftPolicy policy) {
        this.policy = policy;
    }

    /**
     * Assesses {@code resource} at the look at epoch second {@code look}, from the candidate's
     * samples before it and the previous version's window (may be null).
     */
    TrendAssessment assess(DriftResource resource, ResourceSeries candidate, ResourceSeries baseline, long look) {
        long c0 = candidate.startEpochSeconds();
        int block = (int) policy.blockLength().toSeconds();
        int m = (int) Math.max(0, (look - c0) / block);
        int j0 = (int) Math.floor(m * (1 - policy.recentFraction()));
        double startH = j0 * block / 3600.0;
        double endH = m * block / 3600.0;
        double alpha = policy.alphaPerTest();

        double[] cs = samples(resource, candidate);
        double[] bs = baseline == null ? null : samples(resource, baseline);
        boolean baseHas = bs != null && anyFinite(bs);
        if (!anyFinite(cs)) {
            return TrendAssessment.untested(resource, Outcome.NOT_MEASURED, ReferenceMode.NONE, startH, endH, 0,
                    alpha);
        }
        double[] cb = blocks(resource, cs, candidate, c0, m);
        double[] own = baseHas ? ownBlocks(resource, bs, baseline) : new double[0];
        Reference ref = reference(resource, baseline, bs, own, c0, m, j0, cb);

        int width = m - j0;
        double[] x = new double[width];
        double[] e = new double[width];
        int valid = 0;
        for (int j = j0; j < m; j++) {
            x[j - j0] = (j + 0.5) * block / 3600.0;
            e[j - j0] = cb[j] - ref.values[j];
            if (Double.isFinite(e[j - j0])) {
                valid++;
            }
        }
        if (valid < policy.minBlocks() || valid < policy.minCoverage() * width) {
            return TrendAssessment.untested(resource, Outcome.INSUFFICIENT, ref.mode, startH, endH, valid, alpha);
        }
        double sen = TheilSen.slope(x, e);
        MannKendall.Result excessTest = MannKendall.testCorrected(x, e, sen);
        TheilSen.Estimate est = TheilSen.estimate(x, e, excessTest.correctedVariance(), REPORTED_CONFIDENCE);
        MannKendall.Result mk = excessTest;
        if (ref.mode == ReferenceMode.SEASONAL && resource != DriftResource.DISK) {
            // Memory and CPU follow the day's load, and no two days carry the same load: a busier
            // day scales the cycle, and the plain difference then trends while the load rises.
            // The partial test asks for a trend beyond what co-moving with the previous version's
            // same hours explains. Disk growth adds up instead, and is compared by difference.
            mk = MannKendall.testPartial(x, Arrays.copyOfRange(cb, j0, m), Arrays.copyOfRange(ref.values, j0, m),
                    excessTest.autocorrelationFactor());
        }

        double level = referenceLevel(resource, own, cb, j0, m);
        double minSlope = minSlope(resource, level);
        double excessNow = ref.mode == ReferenceMode.NONE ? Double.NaN : recentMedian(e);

        double limit = Double.NaN;
        double peak = Double.NaN;
        double hoursToLimit = Double.NaN;
        if (resource == DriftResource.MEMORY && candidate.memoryLimitBytes() != null) {
            limit = candidate.memoryLimitBytes();
            peak = latestPeak(candidate, c0, j0, m);
            if (Double.isFinite(peak)) {
                hoursToLimit = est.slope() > 0 ? Math.max(0, limit - peak) / est.slope() : Double.POSITIVE_INFINITY;
            }
        }
        boolean significant = mk.pUpper() <= alpha;
        boolean nearLimit = hoursToLimit <= policy.memoryLimitHorizon().toSeconds() / 3600.0;
        Outcome outcome;
        if (ref.mode == ReferenceMode.SEASONAL) {
            // a rise to the previous version's level (a warm-up) is no worse than rolling back
            boolean relevant = est.slope() >= minSlope || nearLimit;
            outcome = significant && excessNow > 0 && relevant ? Outcome.BREACHED : Outcome.CLEAR;
        } else {
            // without the same hours of the previous version a daily cycle looks like a trend;
            // only a memory rise that would hit the limit soon is actionable whatever its cause
            outcome = significant && nearLimit ? Outcome.BREACHED : Outcome.UNREFERENCED;
        }
        return new TrendAssessment(resource, outcome, ref.mode, startH, endH, valid, mk, est, ref.baselineSlope,
                level, minSlope, excessNow, limit, peak, hoursToLimit, alpha);
    }

    private record Reference(ReferenceMode mode, double[] values, double baselineSlope) {
    }

    /** The previous version's value for each candidate block, and its slope over the window. */
    private Reference reference(DriftResource r, ResourceSeries base, double[] bs, double[] own, long c0, int m,
                                int j0, double[] cb) {
        if (own.length == 0 || !anyFinite(own)) {
            return new Reference(ReferenceMode.NONE, new double[m], Double.NaN);
        }
        long season = policy.seasonPeriod().toSeconds();
        double[] aligned = blocks(r, bs, base, c0 - season, m);
        int candidateBlocks = 0;
        int pairedBlocks = 0;
        for (int j = j0; j < m; j++) {
            if (Double.isFinite(cb[j])) {
                candidateBlocks++;
                if (Double.isFinite(aligned[j])) {
                    pairedBlocks++;
                }
            }
        }
        double[] xw = hours(j0, m);
        if (pairedBlocks > 0 && pairedBlocks >= 0.5 * candidateBlocks) {
            if (r == DriftResource.DISK) {
                // growth of the previous version since the same time of day as the deployment
                double origin = firstAtOrAfter(bs, base, c0 - season);
                for (int j = 0; j < m; j++) {
                    aligned[j] -= origin;
                }
            }
            return new Reference(ReferenceMode.SEASONAL, aligned,
                    TheilSen.slope(xw, Arrays.copyOfRange(aligned, j0, m)));
        }
        double[] ownHours = hours(0, own.length);
        double[] lastWindow = Arrays.copyOfRange(own, Math.max(0, own.length - (m - j0)), own.length);
        double baselineSlope = TheilSen.slope(hours(0, lastWindow.length), lastWindow);
        double[] values = new double[m];
        if (r == DriftResource.DISK) {
            double rate = TheilSen.slope(ownHours, own);
            if (!Double.isFinite(rate)) {
                // One block of the previous version gives no growth rate: the candidate is tested alone,
                // as without a previous version, rather than against a reference with no valid block.
                return new Reference(ReferenceMode.NONE, new double[m], Double.NaN);
            }
            double[] all = hours(0, m);
            for (int j = 0; j < m; j++) {
                values[j] = rate * all[j];
            }
        } else {
            Arrays.fill(values, medianFinite(own));
        }
        return new Reference(ReferenceMode.LEVEL, values, baselineSlope);
    }

    /** Memory floor or CPU level of the previous version (else the candidate), or its disk growth rate. */
    private double referenceLevel(DriftResource r, double[] own, double[] cb, int j0, int m) {
        boolean baseHas = own.length > 0 && anyFinite(own);
        if (r == DriftResource.DISK) {
            if (!baseHas) {
                return 0;
            }
            double rate = TheilSen.slope(hours(0, own.length), own);
            return Double.isFinite(rate) ? rate : 0;
        }
        return baseHas ? medianFinite(own) : medianFinite(Arrays.copyOfRange(cb, j0, m));
    }

    private double minSlope(DriftResource r, double level) {
        double l = Double.isFinite(level) ? Math.abs(level) : 0;
        return switch (r) {
            case MEMORY -> Math.max(policy.minMemorySlopeBytesPerHour(), policy.minMemorySlopeFractionPerHour() * l);
            case CPU -> Math.max(policy.minCpuSlopeCoresPerHour(), policy.minCpuSlopeFractionPerHour() * l);
            case DISK -> Math.max(policy.minDiskSlopeBytesPerHour(),
                    policy.minDiskSlopeFractionOfBaselineGrowth() * Math.max(0, level));
        };
    }

    /** The baseline's blocks over its own window ({@code bs}: its samples, transformed). */
    private double[] ownBlocks(DriftResource r, double[] bs, ResourceSeries base) {
        int block = (int) policy.blockLength().toSeconds();
        int count = (int) ((long) base.steps() * base.stepSeconds() / block);
        return blocks(r, bs, base, base.startEpochSeconds(), count);
    }

    private double[] blocks(DriftResource r, double[] samples, ResourceSeries s, long from, int count) {
        return BlockSeries.aggregate(samples, s.startEpochSeconds(), s.stepSeconds(), from,
                (int) policy.blockLength().toSeconds(), count, r.aggregate(), policy.minCoverage());
    }

    private static double[] samples(DriftResource r, ResourceSeries s) {
        double[] raw = r.samples(s);
        return r == DriftResource.DISK ? ReclaimedGrowth.cumulative(raw) : raw;
    }

    /** Highest working-set sample in the latest block that has any, within the window. */
    private double latestPeak(ResourceSeries candidate, long c0, int j0, int m) {
        int block = (int) policy.blockLength().toSeconds();
        for (int j = m - 1; j >= j0; j--) {
            double[] one = BlockSeries.aggregate(candidate.memoryBytes(), c0, candidate.stepSeconds(),
                    c0 + (long) j * block, block, 1, DriftResource.Aggregate.MAX, policy.minCoverage());
            if (Double.isFinite(one[0])) {
                return one[0];
            }
        }
        return Double.NaN;
    }

    /** Median of the valid excess values in the window's last hour (at least one block). */
    private double recentMedian(double[] e) {
        int perHour = (int) Math.max(1, Math.round(3600.0 / policy.blockLength().toSeconds()));
        double[] last = new double[perHour];
        int k = 0;
        for (int i = e.length - 1; i >= 0 && k < perHour; i--) {
            if (Double.isFinite(e[i])) {
                last[k++] = e[i];
            }
        }
        return k == 0 ? Double.NaN : TheilSen.median(Arrays.copyOf(last, k));
    }

    private double[] hours(int from, int to) {
        double block = policy.blockLength().toSeconds() / 3600.0;
        double[] h = new double[Math.max(0, to - from)];
        for (int j = from; j < to; j++) {
            h[j - from] = (j + 0.5) * block;
        }
        return h;
    }

    private static double firstAtOrAfter(double[] samples, ResourceSeries s, long epoch) {
        long first = Math.max(0, -Math.floorDiv(-(epoch - s.startEpochSeconds()), s.stepSeconds()));
        for (long i = first; i < samples.length; i++) {
            if (Double.isFinite(samples[(int) i])) {
                return samples[(int) i];
            }
        }
        return Double.NaN;
    }

    private static double medianFinite(double[] v) {
        return TheilSen.median(Arrays.stream(v).filter(Double::isFinite).toArray());
    }

    private static boolean anyFinite(double[] v) {
        for (double d : v) {
            if (Double.isFinite(d)) {
                return true;
            }
        }
        return false;
    }
}
