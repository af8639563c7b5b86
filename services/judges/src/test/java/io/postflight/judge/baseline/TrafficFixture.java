package io.postflight.judge.baseline;

import io.postflight.metrics.TrafficSeries;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic traffic for tests: every request is drawn on its own (failed with the
 * step's error probability, latency log-normal around the step's median), so counts and histograms
 * have exactly the binomial/multinomial noise the judge's model assumes.
 */
public final class TrafficFixture {

    public static final double[] BOUNDS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
    public static final int STEP = 15;
    public static final int STEPS = 120;
    public static final long DEPLOYED_AT = 1_767_268_800L;

    /** What one step looks like. */
    public record Step(long requests, double errorRate, double medianMs) {
    }

    /** Shape of a series: the step at index i. */
    @FunctionalInterface
    public interface Shape {
        Step at(int i);
    }

    private TrafficFixture() {
    }

    /** A steady shape. */
    public static Shape steady(long requests, double errorRate, double medianMs) {
        Step s = new Step(requests, errorRate, medianMs);
        return i -> s;
    }

    /** A series of {@link #STEPS} steps starting at {@code start}. */
    public static TrafficSeries series(long start, Shape shape, long seed) {
        return series(start, STEPS, shape, seed);
    }

    public static TrafficSeries series(long start, int steps, Shape shape, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] requests = new long[steps];
        long[] errors = new long[steps];
        long[][] buckets = new long[steps][BOUNDS.length + 1];
        for (int i = 0; i < steps; i++) {
            Step s = shape.at(i);
            requests[i] = s.requests();
            for (long r = 0; r < s.requests(); r++) {
                if (rnd.nextDouble() < s.errorRate()) {
                    errors[i]++;
                }
                double latency = s.medianMs() * Math.exp(0.5 * gaussian(rnd));
                buckets[i][bucketOf(latency)]++;
            }
        }
        return new TrafficSeries(start, STEP, requests, errors, BOUNDS, buckets, null);
    }

    /** The previous version's window, just before the deployment. */
    public static TrafficSeries baseline(Shape shape, long seed) {
        return series(DEPLOYED_AT - (long) STEPS * STEP, shape, seed);
    }

    /** A series from the deployment on (candidate or control). */
    public static TrafficSeries atDeploy(Shape shape, long seed) {
        return series(DEPLOYED_AT, shape, seed);
    }

    /** The end of the default 30-minute window. */
    public static long windowEnd() {
        return DEPLOYED_AT + (long) STEPS * STEP;
    }

    static int bucketOf(double latencyMs) {
        for (int j = 0; j < BOUNDS.length; j++) {
            if (latencyMs <= BOUNDS[j]) {
                return j;
            }
        }
        return BOUNDS.length;
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
