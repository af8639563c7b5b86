package io.postflight.drift;

import io.postflight.metrics.MetricQuery;
import io.postflight.metrics.MetricsUnavailableException;
import io.postflight.metrics.ResourceMetricsProvider;
import io.postflight.metrics.ResourceSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A metrics source driven by the test's simulated wall clock, answering like Prometheus: each
 * version's gauges are a function of time, known for every instant up to "now" (so a verifier
 * that was down can fetch what it missed), never after it. It can be taken down, and it records
 * every query, so tests see what was asked and when.
 */
final class FakeResources implements ResourceMetricsProvider {
    static final double MIB = 1024.0 * 1024.0;
    static final double GIB = 1024.0 * MIB;

    /** Memory (bytes), CPU (cores), disk (bytes) of one version at an epoch second. */
    @FunctionalInterface
    interface Gauges {
        double[] at(long epochSecond);
    }

    private final Map<String, Gauges> versions = new ConcurrentHashMap<>();
    private final List<MetricQuery> queries = Collections.synchronizedList(new ArrayList<>());
    private final List<MetricQuery> intoTheFuture = Collections.synchronizedList(new ArrayList<>());
    private volatile Instant now = Instant.EPOCH;
    private volatile Predicate<Instant> down = t -> false;
    private volatile Double memoryLimitBytes;

    FakeResources version(String version, Gauges gauges) {
        versions.put(version, gauges);
        return this;
    }

    FakeResources memoryLimit(Double bytes) {
        this.memoryLimitBytes = bytes;
        return this;
    }

    /** The source fails whenever {@code when} holds for the simulated "now". */
    FakeResources downWhen(Predicate<Instant> when) {
        this.down = when;
        return this;
    }

    void now(Instant t) {
        this.now = t;
    }

    List<MetricQuery> queries() {
        return List.copyOf(queries);
    }

    /** Queries that asked for samples after the simulated "now" (a verifier must never). */
    List<MetricQuery> intoTheFuture() {
        return List.copyOf(intoTheFuture);
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public ResourceSeries resources(MetricQuery q) throws MetricsUnavailableException {
        queries.add(q);
        Instant at = now;
        if (down.test(at)) {
            throw new MetricsUnavailableException("fake source down at " + at);
        }
        if (q.to().isAfter(at)) {
            intoTheFuture.add(q);
        }
        long from = q.from().getEpochSecond();
        int step = (int) q.step().toSeconds();
        int n = (int) ((q.to().getEpochSecond() - from) / step);
        double[] memory = new double[n];
        double[] cpu = new double[n];
        double[] disk = new double[n];
        Gauges g = versions.get(q.version());
        for (int i = 0; i < n; i++) {
            long t = from + (long) i * step;
            double[] v = g == null || t >= at.getEpochSecond() ? null : g.at(t);
            memory[i] = v == null ? Double.NaN : v[0];
            cpu[i] = v == null ? Double.NaN : v[1];
            disk[i] = v == null ? Double.NaN : v[2];
        }
        return new ResourceSeries(from, step, memory, cpu, disk, memoryLimitBytes);
    }

    /** Deterministic noise in [-0.5, 0.5) for second {@code t}. */
    static double noise(long t, long salt) {
        long h = (t * 0x9E3779B97F4A7C15L) ^ (salt * 0xC2B2AE3D27D4EB4FL);
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return ((h >>> 11) * 0x1.0p-53) - 0.5;
    }

    /**
     * A steady service: memory 512 MiB with a daily cycle (±40 MiB), a garbage-collection saw-tooth
     * (0–24 MiB over 6 min) and noise; CPU 0.4 cores with a daily cycle; disk growing 8 MiB/h with
     * the clock. Two versions with these gauges differ only by noise.
     */
    static Gauges steady(long salt) {
        return t -> {
            double day = Math.sin(2 * Math.PI * (t % 86_400) / 86_400.0);
            double saw = 24 * MIB * ((t / 60) % 6) / 6.0;
            double memory = 512 * MIB + 40 * MIB * day + saw + 4 * MIB * noise(t, salt);
            double cpu = 0.4 + 0.1 * day + 0.02 * noise(t, salt + 1);
            double disk = 2 * GIB + 8 * MIB * (t - 1_790_000_000L) / 3600.0 + MIB * noise(t, salt + 2);
            return new double[] {memory, cpu, disk};
        };
    }

    /** {@code base} plus a memory leak of {@code mibPerHour} from {@code start} on. */
    static Gauges leaking(Gauges base, Instant start, double mibPerHour) {
        return t -> {
            double[] v = base.at(t).clone();
            v[0] += Math.max(0, t - start.getEpochSecond()) / 3600.0 * mibPerHour * MIB;
            return v;
        };
    }
}
