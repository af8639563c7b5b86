package io.postflight.benchmarks.canary;

import io.postflight.provider.recorded.Scenario;
import java.util.function.IntFunction;

/** Small deterministic canary scenarios: each step's requests, errors and latency buckets given outright. */
final class Scenarios {

    static final double[] BOUNDS = {10, 100, 1000};
    static final long DEPLOYED_AT = 1_000_000;

    /** One step: requests, errors, and requests per latency bucket (4 entries, the last +Inf). */
    record Step(long requests, long errors, long[] buckets) {
        static Step of(long requests, long errors, long fast, long medium, long slow, long inf) {
            return new Step(requests, errors, new long[] {fast, medium, slow, inf});
        }
    }

    private Scenarios() {
    }

    static Scenario canary(IntFunction<Step> candidate, IntFunction<Step> baseline, IntFunction<Step> control) {
        return new Scenario(Scenario.FORMAT, "s", "canary", 15, DEPLOYED_AT, BOUNDS, null,
                window(DEPLOYED_AT - 1800, baseline), window(DEPLOYED_AT, candidate),
                control == null ? null : window(DEPLOYED_AT, control));
    }

    private static Scenario.Window window(long start, IntFunction<Step> shape) {
        long[] requests = new long[120];
        long[] errors = new long[120];
        long[][] buckets = new long[120][];
        for (int i = 0; i < 120; i++) {
            Step s = shape.apply(i);
            requests[i] = s.requests();
            errors[i] = s.errors();
            buckets[i] = s.buckets();
        }
        return new Scenario.Window(start, requests, errors, buckets, null, null, null);
    }
}
