package io.postflight.baseline;

import io.postflight.contracts.DeploymentRef;
import io.postflight.judge.baseline.CheckData;
import io.postflight.metrics.CheckMetricsProvider;
import io.postflight.metrics.CheckSeries;
import io.postflight.metrics.MetricQuery;
import io.postflight.metrics.MetricsUnavailableException;
import io.postflight.metrics.TrafficMetricsProvider;
import io.postflight.metrics.TrafficSeries;
import io.postflight.metrics.VersionRole;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One look at a deployment's traffic: the candidate from the deployment on, the previous version
 * over an equally long window just before it (the baseline), and the previous version over the
 * candidate's time (the concurrent control, used by the judge when it has data). The three
 * queries run side by side on the given executor, never on the caller's thread, and the whole
 * look is bounded by a timeout.
 */
final class TrafficLook {

    /**
     * What one look fetched, ready for the judge: common latency bounds on every side,
     * {@code control} null when the previous version had no traffic alongside the candidate.
     *
     * @param dataEndSeconds the end of the newest complete step: the judge's "now" for this look
     * @param starvedSteps steps in which the verifier's own sampling of the candidate or of the
     *     comparison it is judged against was starved ({@link TrafficMetricsProvider#verifierStarvedSteps})
     */
    record Data(TrafficSeries candidate, TrafficSeries baseline, TrafficSeries control, long dataEndSeconds,
                int starvedSteps, List<CheckData> checks) {
        Data(TrafficSeries candidate, TrafficSeries baseline, TrafficSeries control, long dataEndSeconds,
             int starvedSteps) {
            this(candidate, baseline, control, dataEndSeconds, starvedSteps, List.of());
        }
    }

    private final TrafficMetricsProvider provider;
    private final CheckMetricsProvider checkProvider;
    private final BaselineChecks checks;
    private final Executor executor;
    private final Duration timeout;

    TrafficLook(TrafficMetricsProvider provider, Executor executor, Duration timeout) {
        this(provider, null, BaselineChecks.none(), executor, timeout);
    }

    /** @param checks the custom checks whose series each look fetches beside the traffic (from {@code checkProvider}) */
    TrafficLook(TrafficMetricsProvider provider, CheckMetricsProvider checkProvider, BaselineChecks checks,
                Executor executor, Duration timeout) {
        this.provider = provider;
        this.checkProvider = checkProvider;
        this.checks = checks;
        this.executor = executor;
        this.timeout = timeout;
    }

    String providerName() {
        return provider.name();
    }

    /**
     * Fetches the traffic from {@code candidateStart} to {@code dataEnd} (epoch seconds, on the step
     * grid) and the baseline window of {@code windowSteps} steps before {@code candidateStart}.
     * Completes exceptionally with {@link MetricsUnavailableException} when the candidate, or both
     * comparisons, could not be fetched, and with a {@link java.util.concurrent.TimeoutException}
     * when the look took too long.
     */
    CompletableFuture<Data> fetch(DeploymentRef d, long candidateStart, long dataEnd, Duration step, int windowSteps) {
        return fetch(d, candidateStart, dataEnd, step, windowSteps, true);
    }

    /** As above; {@code withChecks} false fetches the traffic only (a fast check judges nothing else). */
    CompletableFuture<Data> fetch(DeploymentRef d, long candidateStart, long dataEnd, Duration step, int windowSteps,
                                  boolean withChecks) {
        Instant from = Instant.ofEpochSecond(candidateStart);
        Instant to = Instant.ofEpochSecond(dataEnd);
        Instant baselineFrom = from.minus(step.multipliedBy(windowSteps));
        MetricQuery candidateQuery = new MetricQuery(d.service(), d.environment(), d.version(),
                VersionRole.CANDIDATE, from, to, step);
        String previous = d.previousVersion();
        MetricQuery baselineQuery = previous == null ? null : new MetricQuery(d.service(), d.environment(), previous,
                VersionRole.BASELINE, baselineFrom, from, step);
        MetricQuery controlQuery = previous == null ? null : new MetricQuery(d.service(), d.environment(), previous,
                VersionRole.CONTROL, from, to, step);
        CompletableFuture<TrafficSeries> candidate = query(candidateQuery);
        CompletableFuture<TrafficSeries> baseline = previous == null ? CompletableFuture.completedFuture(null)
                : query(baselineQuery);
        CompletableFuture<TrafficSeries> control = previous == null ? CompletableFuture.completedFuture(null)
                : query(controlQuery);
        List<CheckFetch> checkFetches = new ArrayList<>();
        for (BaselineChecks.Custom c : checkProvider == null || !withChecks ? List.<BaselineChecks.Custom>of()
                : checks.forSlot(d.service(), d.environment())) {
            checkFetches.add(new CheckFetch(c, check(candidateQuery, c),
                    previous == null ? CompletableFuture.completedFuture(null) : check(baselineQuery, c),
                    previous == null ? CompletableFuture.completedFuture(null) : check(controlQuery, c)));
        }
        List<CompletableFuture<?>> all = new ArrayList<>(List.of(candidate, baseline.exceptionally(e -> null),
                control.exceptionally(e -> null)));
        checkFetches.forEach(f -> all.addAll(f.awaited()));
        CompletableFuture<Data> look = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
                    Data data = combine(d, candidate.join(), outcome(baseline), outcome(control), candidateStart,
                            baselineFrom.getEpochSecond(), dataEnd, (int) step.toSeconds());
                    int starved = starvedSteps(candidateQuery, data.control() != null ? controlQuery : baselineQuery);
                    List<CheckData> checkData = checkFetches.stream().map(CheckFetch::data).toList();
                    return new Data(data.candidate(), data.baseline(), data.control(), dataEnd, starved, checkData);
                });
        return look.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((data, error) -> {
            if (error != null) {
                candidate.cancel(true);
                baseline.cancel(true);
                control.cancel(true);
                checkFetches.forEach(f -> f.awaited().forEach(x -> x.cancel(true)));
            }
        });
    }

    /**
     * A custom check's three series in flight. The candidate's must come (a failure fails the look,
     * as the traffic's does); a comparison that could not be fetched is absent, and the check then
     * has too little data to let the window pass.
     */
    private record CheckFetch(BaselineChecks.Custom custom, CompletableFuture<CheckSeries> candidate,
                              CompletableFuture<CheckSeries> baseline, CompletableFuture<CheckSeries> control) {
        List<CompletableFuture<?>> awaited() {
            return List.of(candidate, baseline.exceptionally(e -> null), control.exceptionally(e -> null));
        }

        CheckData data() {
            return new CheckData(custom.check(), custom.config().perRequest(), candidate.join(), orNull(baseline),
                    orNull(control));
        }

        private static CheckSeries orNull(CompletableFuture<CheckSeries> f) {
            try {
                return f.join();
            } catch (CompletionException e) {
                return null;
            }
        }
    }

    private CompletableFuture<CheckSeries> check(MetricQuery q, BaselineChecks.Custom c) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return checkProvider.check(q, c.source());
            } catch (MetricsUnavailableException e) {
                throw new CompletionException(new MetricsUnavailableException("check " + c.check().name() + ": "
                        + e.getMessage(), e));
            }
        }, executor);
    }

    /**
     * Steps in which the verifier's own sampling was starved, of the candidate or of the comparison
     * at the same position of its window: the judge then tells its own overload from missing data.
     */
    private int starvedSteps(MetricQuery candidate, MetricQuery comparison) {
        boolean[] c = provider.verifierStarvedSteps(candidate);
        boolean[] k = comparison == null ? new boolean[0] : provider.verifierStarvedSteps(comparison);
        int count = 0;
        for (int i = 0; i < Math.max(c.length, k.length); i++) {
            if (i < c.length && c[i] || i < k.length && k[i]) {
                count++;
            }
        }
        return count;
    }

    private CompletableFuture<TrafficSeries> query(MetricQuery q) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return provider.traffic(q);
            } catch (MetricsUnavailableException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    /** A comparison's series, or the reason it could not be fetched. */
    private record Outcome(TrafficSeries series, Throwable failure) {
    }

    private static Outcome outcome(CompletableFuture<TrafficSeries> f) {
        try {
            return new Outcome(f.join(), null);
        } catch (CompletionException e) {
            return new Outcome(null, e.getCause() == null ? e : e.getCause());
        }
    }

    private Data combine(DeploymentRef d, TrafficSeries candidate, Outcome baseline, Outcome control,
                         long candidateStart, long baselineStart, long dataEnd, int step) {
        if (d.previousVersion() != null && baseline.failure() != null && control.failure() != null) {
            // Without either comparison the look says nothing: count it as an outage.
            throw new CompletionException(new MetricsUnavailableException("no comparison for "
                    + d.previousVersion() + ": " + message(control.failure()), control.failure()));
        }
        int candidateSteps = (int) ((dataEnd - candidateStart) / step);
        int windowSteps = (int) ((candidateStart - baselineStart) / step);
        TrafficSeries controlSeries = control.series() != null && ComparableSeries.hasData(control.series())
                ? control.series() : null;
        double[] bounds = ComparableSeries.commonBounds(candidate, baseline.series() == null
                ? candidate : baseline.series(), controlSeries == null ? candidate : controlSeries);
        TrafficSeries c = ComparableSeries.onto(candidate, candidateStart, candidateSteps, bounds);
        TrafficSeries b = baseline.series() == null
                ? ComparableSeries.absent(baselineStart, step, windowSteps, bounds)
                : ComparableSeries.onto(baseline.series(), baselineStart, windowSteps, bounds);
        TrafficSeries k = controlSeries == null ? null : ComparableSeries.onto(controlSeries, candidateStart,
                candidateSteps, bounds);
        return new Data(c, b, k, dataEnd, 0);
    }

    static String message(Throwable t) {
        Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
