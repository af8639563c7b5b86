package io.postflight.baseline;

import io.postflight.metrics.MetricQuery;
import io.postflight.metrics.MetricsUnavailableException;
import io.postflight.metrics.TrafficMetricsProvider;
import io.postflight.metrics.TrafficSeries;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted metrics store: each version serves the same traffic every step while it serves, and
 * a version it knows nothing of has no data (no step present, no bucket bounds), as Prometheus
 * answers for it. Can be switched off to play an outage.
 */
final class FakeTraffic implements TrafficMetricsProvider {
    static final double[] BOUNDS = {50, 100, 250, 500};
    /** Per 1000 requests: most under 50 ms, a thin tail. */
    static final long[] NORMAL = {600, 300, 80, 15, 5};
    /** The same requests about three times slower. */
    static final long[] SLOW = {100, 200, 400, 250, 50};

    /**
     * What a version serves per step.
     *
     * @param servingUntil epoch second after which the version serves no more (no data)
     */
    record Profile(long requests, long errors, long[] buckets, long servingUntil) {
        static Profile healthy() {
            return new Profile(1000, 10, NORMAL, Long.MAX_VALUE);
        }

        Profile withErrors(long newErrors) {
            return new Profile(requests, newErrors, buckets, servingUntil);
        }

        Profile withBuckets(long[] newBuckets) {
            return new Profile(requests, errors, newBuckets, servingUntil);
        }

        Profile until(long epochSecond) {
            return new Profile(requests, errors, buckets, epochSecond);
        }
    }

    final Map<String, Profile> versions = new ConcurrentHashMap<>();
    final List<MetricQuery> queries = new CopyOnWriteArrayList<>();
    volatile boolean down;
    /** Epoch seconds {@code [gapFrom, gapTo)} in which no version's data was sampled. */
    volatile long gapFrom = Long.MAX_VALUE;
    volatile long gapTo = Long.MIN_VALUE;
    /** Whether the gap is the verifier's own starvation, as the scrape provider reports it. */
    volatile boolean gapStarved;

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public TrafficSeries traffic(MetricQuery q) throws MetricsUnavailableException {
        queries.add(q);
        if (down) {
            throw new MetricsUnavailableException("fake store unreachable");
        }
        int step = (int) q.step().toSeconds();
        long from = q.from().getEpochSecond();
        int steps = (int) ((q.to().getEpochSecond() - from) / step);
        Profile p = versions.get(q.version());
        long[] requests = new long[steps];
        long[] errors = new long[steps];
        long[][] buckets = new long[steps][];
        boolean[] present = new boolean[steps];
        for (int i = 0; i < steps; i++) {
            boolean serving = p != null && from + (long) (i + 1) * step <= p.servingUntil()
                    && !inGap(from + (long) i * step);
            present[i] = serving;
            requests[i] = serving ? p.requests() : 0;
            errors[i] = serving ? p.errors() : 0;
            buckets[i] = serving ? p.buckets().clone() : new long[BOUNDS.length + 1];
        }
        boolean any = p != null && from + step <= p.servingUntil();
        return new TrafficSeries(from, step, requests, errors, any ? BOUNDS : new double[0],
                any ? buckets : new long[steps][1], present);
    }

    @Override
    public boolean[] verifierStarvedSteps(MetricQuery q) {
        int step = (int) q.step().toSeconds();
        long from = q.from().getEpochSecond();
        boolean[] starved = new boolean[(int) ((q.to().getEpochSecond() - from) / step)];
        for (int i = 0; i < starved.length; i++) {
            starved[i] = gapStarved && inGap(from + (long) i * step);
        }
        return starved;
    }

    private boolean inGap(long stepStart) {
        return stepStart >= gapFrom && stepStart < gapTo;
    }
}
