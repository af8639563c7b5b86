package io.postflight.backtest;

import io.postflight.metrics.TrafficSeries;
import io.postflight.provider.recorded.Scenario;

/**
 * A canary scenario's recorded windows, read as the baseline verifier's metrics provider would
 * answer a query: any range on any step that is a multiple of the recording's, each step the sum
 * of the recorded steps within it, absent where the recording has no data.
 */
final class RecordedTraffic {
    private final Scenario scenario;
    private final double[] bounds;

    RecordedTraffic(Scenario scenario) {
        this.scenario = scenario;
        this.bounds = scenario.latencyBucketsMs() == null ? new double[0] : scenario.latencyBucketsMs();
    }

    /** Epoch second at which the candidate's recording ends. */
    long candidateEnd() {
        Scenario.Window w = scenario.candidate();
        return w == null || w.requests() == null ? scenario.deployedAt()
                : w.start() + (long) w.requests().length * scenario.stepSeconds();
    }

    TrafficSeries candidate(long from, long to, int step) {
        return query(scenario.candidate(), from, to, step);
    }

    TrafficSeries baseline(long from, long to, int step) {
        return query(scenario.baseline(), from, to, step);
    }

    /** The control over the range, or {@code null} when none was recorded (as the verifier passes it). */
    TrafficSeries control(long from, long to, int step) {
        TrafficSeries c = query(scenario.control(), from, to, step);
        for (boolean p : c.present()) {
            if (p) {
                return c;
            }
        }
        return null;
    }

    private TrafficSeries query(Scenario.Window w, long from, long to, int step) {
        int source = scenario.stepSeconds();
        if (step % source != 0) {
            throw new IllegalArgumentException("a " + step + " s step cannot be made of " + source + " s recorded steps");
        }
        int steps = (int) Math.max(0, (to - from) / step);
        int width = bounds.length + 1;
        long[] requests = new long[steps];
        long[] errors = new long[steps];
        long[][] buckets = new long[steps][width];
        boolean[] present = new boolean[steps];
        int recorded = w == null || w.requests() == null ? 0 : w.requests().length;
        for (int i = 0; i < steps; i++) {
            long begin = from + (long) i * step;
            long first = Math.floorDiv(begin - (w == null ? 0 : w.start()), source);
            long last = first + step / source;
            boolean whole = recorded > 0 && (begin - w.start()) % source == 0 && first >= 0 && last <= recorded;
            present[i] = whole;
            for (long j = whole ? first : last; j < last; j++) {
                int k = (int) j;
                requests[i] += w.requests()[k];
                errors[i] += w.errors() == null ? 0 : w.errors()[k];
                long[] row = w.latencyBuckets() == null ? null : w.latencyBuckets()[k];
                for (int b = 0; row != null && b < Math.min(width, row.length); b++) {
                    buckets[i][b] += row[b];
                }
            }
        }
        return new TrafficSeries(from, step, requests, errors, bounds, buckets, present);
    }
}
