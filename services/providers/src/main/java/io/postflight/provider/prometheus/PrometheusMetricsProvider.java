package io.postflight.provider.prometheus;

import io.postflight.metrics.CheckMetricsProvider;
import io.postflight.metrics.CheckSeries;
import io.postflight.metrics.MetricQuery;
import io.postflight.metrics.MetricsUnavailableException;
import io.postflight.metrics.ResourceMetricsProvider;
import io.postflight.metrics.ResourceSeries;
import io.postflight.metrics.TrafficMetricsProvider;
import io.postflight.metrics.TrafficSeries;
import io.postflight.resilience.CallFailedException;
import io.postflight.resilience.ResilientCalls;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Traffic and resources of one version from Prometheus, through {@code /api/v1/query_range}
 * with the templates of {@link PrometheusQueries}.
 *
 * <p>Step {@code i} of a {@link TrafficSeries} covers {@code [from + i*step, from + (i+1)*step)}:
 * the increase queries are evaluated at the step's end with a {@code [step]} range. A step
 * where the requests query has no point is marked absent; errors and buckets missing at a
 * present step count as 0. Prometheus extrapolates {@code increase()} to the range's edges, so
 * counts are estimates rounded to whole requests; the step must span at least two scrapes.
 *
 * <p>Resource sample {@code i} is the value at {@code from + i*step}; {@code NaN} where absent.
 *
 * <p>Every HTTP call goes through {@link ResilientCalls} under the target name
 * {@code prometheus@<host:port>}; when the budget is spent or the breaker is open the provider
 * throws {@link MetricsUnavailableException}. The provider owns its HTTP client ({@link #close()}
 * releases it); {@code calls} stays the caller's to close.
 */
public final class PrometheusMetricsProvider implements TrafficMetricsProvider, ResourceMetricsProvider,
        CheckMetricsProvider,
        AutoCloseable {

    private final PrometheusConfig config;
    private final PrometheusHttpApi api;
    private final ResilientCalls calls;
    private final String target;

    /** Queries {@code config}'s server, every request bounded by {@code calls}. */
    public PrometheusMetricsProvider(PrometheusConfig config, ResilientCalls calls) {
        this.config = config;
        this.api = new PrometheusHttpApi(config.baseUrl(), config.requestTimeout(), config.headers());
        this.calls = calls;
        this.target = "prometheus@" + config.baseUrl().getAuthority();
    }

    @Override
    public String name() {
        return "prometheus";
    }

    @Override
    public TrafficSeries traffic(MetricQuery query) throws MetricsUnavailableException {
        long step = stepSeconds(query);
        long from = query.from().getEpochSecond();
        int steps = (int) ((query.to().getEpochSecond() - from) / step);
        if (steps == 0) {
            return TrafficSeries.empty(from, (int) step, new double[0]);
        }
        PrometheusQueries q = config.queriesFor(query.service(), query.environment());
        long firstEval = from + step;
        long lastEval = from + steps * step;
        List<List<RangeResult>> answers = fetchAll(List.of(
                q.render(q.requests(), query, step),
                q.render(q.errors(), query, step),
                q.render(q.latencyBuckets(), query, step)), firstEval, lastEval, step);

        double[] requests = sum(answers.get(0), firstEval, step, steps);
        double[] errors = sum(answers.get(1), firstEval, step, steps);
        Map<Double, double[]> byLe = new HashMap<>();
        for (RangeResult bucket : answers.get(2)) {
            String le = bucket.labels().get("le");
            if (le != null) {
                byLe.merge(HistogramBuckets.parseLe(le), bucket.onGrid(firstEval, step, steps),
                        PrometheusMetricsProvider::addAligned);
            }
        }
        HistogramBuckets buckets = HistogramBuckets.decumulate(byLe, q.leToMillis(), steps);

        long[] requestCounts = new long[steps];
        long[] errorCounts = new long[steps];
        boolean[] present = new boolean[steps];
        for (int i = 0; i < steps; i++) {
            present[i] = !Double.isNaN(requests[i]);
            requestCounts[i] = present[i] ? Math.max(0, Math.round(requests[i])) : 0;
            long e = Double.isNaN(errors[i]) ? 0 : Math.max(0, Math.round(errors[i]));
            // Both are extrapolated estimates; a failed request is still a request.
            errorCounts[i] = Math.min(e, requestCounts[i]);
            if (!present[i]) {
                Arrays.fill(buckets.counts()[i], 0);
            }
        }
        return new TrafficSeries(from, (int) step, requestCounts, errorCounts, buckets.boundsMs(),
                buckets.counts(), present);
    }

    @Override
    public ResourceSeries resources(MetricQuery query) throws MetricsUnavailableException {
        long step = stepSeconds(query);
        long from = query.from().getEpochSecond();
        int steps = (int) ((query.to().getEpochSecond() - from) / step);
        if (steps == 0) {
            return new ResourceSeries(from, (int) step, new double[0], new double[0], new double[0], null);
        }
        PrometheusQueries q = config.queriesFor(query.service(), query.environment());
        long lastEval = from + (steps - 1) * step;
        List<List<RangeResult>> answers = fetchAll(List.of(
                q.render(q.memory(), query, step),
                q.render(q.cpu(), query, step),
                q.render(q.disk(), query, step),
                q.render(q.memoryLimit(), query, step)), from, lastEval, step);
        double[] limit = sum(answers.get(3), from, step, steps);
        Double memoryLimit = null;
        for (int i = steps - 1; i >= 0 && memoryLimit == null; i--) {
            if (!Double.isNaN(limit[i])) {
                memoryLimit = limit[i];
            }
        }
        return new ResourceSeries(from, (int) step, sum(answers.get(0), from, step, steps),
                sum(answers.get(1), from, step, steps), sum(answers.get(2), from, step, steps), memoryLimit);
    }

    /**
     * Container restarts of the version's pods per step (same step semantics as traffic);
     * {@code NaN} where absent. Not part of {@link ResourceSeries}, hence a method of its own.
     */
    public double[] restarts(MetricQuery query) throws MetricsUnavailableException {
        return atStepEnds(query, config.queriesFor(query.service(), query.environment()).restarts());
    }

    /** {@code template} for {@code query}, evaluated at the end of each step, its series summed; NaN where none has a point. */
    private double[] atStepEnds(MetricQuery query, String template) throws MetricsUnavailableException {
        long step = stepSeconds(query);
        long from = query.from().getEpochSecond();
        int steps = (int) ((query.to().getEpochSecond() - from) / step);
        if (steps == 0) {
            return new double[0];
        }
        PrometheusQueries q = config.queriesFor(query.service(), query.environment());
        List<List<RangeResult>> answers = fetchAll(List.of(q.render(template, query, step)),
                from + step, from + steps * step, step);
        return sum(answers.get(0), from + step, step, steps);
    }

    /**
     * A custom check's PromQL, evaluated at the end of each step (as {@link #restarts}); the
     * answer's series summed, {@code NaN} where none has a point.
     */
    @Override
    public CheckSeries check(MetricQuery query, CheckSource source) throws MetricsUnavailableException {
        if (source.query() == null || source.query().isBlank()) {
            throw new IllegalArgumentException("check " + source.name() + " has no PromQL query");
        }
        return new CheckSeries(query.from().getEpochSecond(), (int) stepSeconds(query),
                atStepEnds(query, source.query()));
    }

    @Override
    public void close() {
        api.close();
    }

    /**
     * Runs the queries concurrently, each on a virtual thread of {@code calls} (never on the
     * caller's or a Netty event-loop thread); a blank query answers with no series.
     */
    private List<List<RangeResult>> fetchAll(List<String> promqls, long start, long end, long step)
            throws MetricsUnavailableException {
        List<CompletableFuture<List<RangeResult>>> futures = promqls.stream()
                .map(promql -> promql.isBlank()
                        ? CompletableFuture.completedFuture(List.<RangeResult>of())
                        : calls.callAsync(target, () -> api.queryRange(promql, start, end, step)))
                .toList();
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
            return futures.stream().map(CompletableFuture::join).toList();
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new MetricsUnavailableException(target + ": interrupted while querying", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            String why = cause instanceof CallFailedException failed ? failed.getMessage() : String.valueOf(cause);
            throw new MetricsUnavailableException(target + " unavailable: " + why, cause);
        }
    }

    /** All series of an answer summed per grid point; NaN where none has a point. */
    private static double[] sum(List<RangeResult> series, long firstEval, long step, int steps) {
        double[] total = new double[steps];
        Arrays.fill(total, Double.NaN);
        for (RangeResult s : series) {
            addAligned(total, s.onGrid(firstEval, step, steps));
        }
        return total;
    }

    /** Adds {@code b} into {@code a} point by point, NaN counting as "no point". */
    private static double[] addAligned(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!Double.isNaN(b[i])) {
                a[i] = Double.isNaN(a[i]) ? b[i] : a[i] + b[i];
            }
        }
        return a;
    }

    private static long stepSeconds(MetricQuery query) {
        long step = query.step().toSeconds();
        if (step < 1 || query.step().toNanosPart() != 0) {
            throw new IllegalArgumentException("step must be a whole number of seconds: " + query.step());
        }
        return step;
    }
}
