package io.postflight.judge.drift;

import java.util.Arrays;

/**
 * Disk growth with reclaimed space taken out: the running sum of a disk gauge's increments,
 * skipping the sudden drops of log rotation or clean-up jobs.
 *
 * <p>A disk series with rotation is a saw-tooth whose teeth rise as fast as a disk leak; judged on
 * its level, every rotation cycle looks like growth until the drop. Judged on the growth it
 * accumulates between drops, a version that logs as much as the previous one (whose growth the
 * judge subtracts) shows no excess, while one that writes more, or writes what is never
 * reclaimed, does.
 *
 * <p>A drop is a decrease in one step larger than {@value #DROP_SIGMAS} robust standard
 * deviations of the step increments (1.4826 times their median absolute deviation) and larger
 * than {@value #DROP_MIN_FRACTION} of the median level; ordinary jitter is far below that, a
 * rotation of even a few MiB of logs on a quiet disk is above it.
 */
public final class ReclaimedGrowth {

    static final double DROP_SIGMAS = 10.0;
    static final double DROP_MIN_FRACTION = 0.001;

    private ReclaimedGrowth() {
    }

    /**
     * Cumulative growth since the first finite sample, with drops removed; NaN where the sample is
     * NaN. Increments are taken between consecutive finite samples, across gaps.
     */
    public static double[] cumulative(double[] samples) {
        int n = samples.length;
        double[] out = new double[n];
        Arrays.fill(out, Double.NaN);
        double threshold = dropThreshold(samples);
        double growth = 0;
        double previous = Double.NaN;
        for (int i = 0; i < n; i++) {
            double v = samples[i];
            if (!Double.isFinite(v)) {
                continue;
            }
            if (Double.isFinite(previous)) {
                double d = v - previous;
                if (d >= -threshold) {
                    growth += d;
                }
            }
            out[i] = growth;
            previous = v;
        }
        return out;
    }

    /** Smallest one-step decrease counted as reclaimed space. */
    static double dropThreshold(double[] samples) {
        double[] finite = Arrays.stream(samples).filter(Double::isFinite).toArray();
        if (finite.length < 2) {
            return Double.POSITIVE_INFINITY;
        }
        double[] inc = new double[finite.length - 1];
        for (int i = 1; i < finite.length; i++) {
            inc[i - 1] = finite[i] - finite[i - 1];
        }
        double med = TheilSen.median(inc);
        double[] dev = new double[inc.length];
        for (int i = 0; i < inc.length; i++) {
            dev[i] = Math.abs(inc[i] - med);
        }
        double sigma = 1.4826 * TheilSen.median(dev);
        double level = Math.abs(TheilSen.median(finite));
        return Math.max(DROP_SIGMAS * sigma, DROP_MIN_FRACTION * level);
    }
}
