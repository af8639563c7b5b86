package io.postflight.provider.recorded;

import io.postflight.metrics.MetricQuery;
import io.postflight.metrics.ResourceMetricsProvider;
import io.postflight.metrics.ResourceSeries;
import io.postflight.metrics.TrafficMetricsProvider;
import io.postflight.metrics.TrafficSeries;
import io.postflight.metrics.VersionRole;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Serves recorded {@link Scenario} windows as if they were live metrics: the query's role picks
 * the window (baseline, candidate, control) and its time range picks the steps. For the
 * embedded demo and for backtests of the full pipeline.
 *
 * <p>Query step {@code i} covers {@code [from + i*step, from + (i+1)*step)}; the query step must
 * be a multiple of the scenario's. Traffic of a query step is the sum of the recorded steps in
 * it, present only when all of them were recorded. A resource sample is the recorded sample at
 * {@code from + i*step}, {@code NaN} outside the window. A role with no recorded window (a
 * canary without control, traffic of a drift scenario) gives an empty series: never seen.
 */
public final class RecordedMetricsProvider implements TrafficMetricsProvider, ResourceMetricsProvider {

    private final Map<String, Scenario> byService;
    private final Scenario fallback;

    /** Serves {@code byService.get(query.service())}; other services get empty series. */
    public RecordedMetricsProvider(Map<String, Scenario> byService) {
        this(Map.copyOf(byService), null);
    }

    private RecordedMetricsProvider(Map<String, Scenario> byService, Scenario fallback) {
        this.byService = byService;
        this.fallback = fallback;
    }

    /** Serves {@code scenario} whatever service the query names. */
    public static RecordedMetricsProvider of(Scenario scenario) {
        return new RecordedMetricsProvider(Map.of(), Objects.requireNonNull(scenario, "scenario"));
    }

    /** Serves every scenario in {@code dir}, the service name being the scenario id. */
    public static RecordedMetricsProvider fromDirectory(Path dir) throws IOException {
        Map<String, Scenario> scenarios = new HashMap<>();
        for (Path file : ScenarioReader.list(dir)) {
            Scenario s = ScenarioReader.read(file);
            scenarios.put(s.id(), s);
        }
        return new RecordedMetricsProvider(scenarios);
    }

    @Override
    public String name() {
        return "recorded";
    }

    @Override
    public TrafficSeries traffic(MetricQuery query) {
        Scenario scenario = scenarioFor(query);
        int step = stepSeconds(query);
        long from = query.from().getEpochSecond();
        double[] bounds = scenario == null || scenario.latencyBucketsMs() == null
                ? new double[0] : scenario.latencyBucketsMs().clone();
        Scenario.Window window = scenario == null ? null : window(scenario, query.role());
        if (window == null || window.requests() == null) {
            return TrafficSeries.empty(from, step, bounds);
        }
        int recordedStep = scenario.stepSeconds();
        int perStep = subSteps(step, recordedStep);
        int steps = (int) ((query.to().getEpochSecond() - from) / step);
        long[] requests = new long[steps];
        long[] errors = new long[steps];
        long[][] buckets = new long[steps][bounds.length + 1];
        boolean[] present = new boolean[steps];
        for (int i = 0; i < steps; i++) {
            present[i] = true;
            for (int k = 0; k < perStep; k++) {
                long index = Math.floorDiv(from + (long) i * step + (long) k * recordedStep - window.start(), recordedStep);
                if (index < 0 || index >= window.requests().length) {
                    present[i] = false;
                    continue;
                }
                int r = (int) index;
                requests[i] += window.requests()[r];
                errors[i] += window.errors() == null ? 0 : window.errors()[r];
                if (window.latencyBuckets() != null) {
                    long[] row = window.latencyBuckets()[r];
                    for (int j = 0; j < Math.min(row.length, buckets[i].length); j++) {
                        buckets[i][j] += row[j];
                    }
                }
            }
            if (!present[i]) {
                // A partly recorded step would look like a traffic drop; report it as missing.
                requests[i] = 0;
                errors[i] = 0;
                Arrays.fill(buckets[i], 0);
            }
        }
        return new TrafficSeries(from, step, requests, errors, bounds, buckets, present);
    }

    @Override
    public ResourceSeries resources(MetricQuery query) {
        Scenario scenario = scenarioFor(query);
        int step = stepSeconds(query);
        long from = query.from().getEpochSecond();
        Scenario.Window window = scenario == null ? null : window(scenario, query.role());
        Double limit = scenario == null || scenario.limits() == null ? null : scenario.limits().get("memoryBytes");
        if (window == null || window.memoryBytes() == null) {
            return new ResourceSeries(from, step, new double[0], new double[0], new double[0], limit);
        }
        subSteps(step, scenario.stepSeconds());
        int steps = (int) ((query.to().getEpochSecond() - from) / step);
        double[] memory = new double[steps];
        double[] cpu = new double[steps];
        double[] disk = new double[steps];
        for (int i = 0; i < steps; i++) {
            long index = Math.floorDiv(from + (long) i * step - window.start(), scenario.stepSeconds());
            memory[i] = sample(window.memoryBytes(), index);
            cpu[i] = sample(window.cpuCores(), index);
            disk[i] = sample(window.diskBytes(), index);
        }
        return new ResourceSeries(from, step, memory, cpu, disk, limit);
    }

    private Scenario scenarioFor(MetricQuery query) {
        return fallback != null ? fallback : byService.get(query.service());
    }

    private static Scenario.Window window(Scenario scenario, VersionRole role) {
        return switch (role) {
            case BASELINE -> scenario.baseline();
            case CANDIDATE -> scenario.candidate();
            case CONTROL -> scenario.control();
        };
    }

    private static double sample(double[] values, long index) {
        return values == null || index < 0 || index >= values.length ? Double.NaN : values[(int) index];
    }

    private static int subSteps(int step, int recordedStep) {
        if (step % recordedStep != 0) {
            throw new IllegalArgumentException("query step " + step + " s is not a multiple of the recorded "
                    + recordedStep + " s");
        }
        return step / recordedStep;
    }

    private static int stepSeconds(MetricQuery query) {
        long step = query.step().toSeconds();
        if (step < 1 || query.step().toNanosPart() != 0) {
            throw new IllegalArgumentException("step must be a whole number of seconds: " + query.step());
        }
        return (int) step;
    }
}
