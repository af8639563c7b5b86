package io.postflight.provider.scrape;

import io.postflight.metrics.CheckMetricsProvider;
import io.postflight.metrics.CheckSeries;
import io.postflight.metrics.MetricQuery;
import io.postflight.metrics.MetricsUnavailableException;
import io.postflight.metrics.ResourceMetricsProvider;
import io.postflight.metrics.ResourceSeries;
import io.postflight.metrics.TrafficMetricsProvider;
import io.postflight.metrics.TrafficSeries;
import io.postflight.provider.prometheus.HistogramBuckets;
import io.postflight.resilience.PermanentCallException;
import io.postflight.resilience.ResilientCalls;
import io.postflight.resilience.StarvationWatch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traffic and resources read straight from the instances' {@code /metrics} pages, for setups
 * without Prometheus and for the embedded demo. {@link #scrape} (or {@link #scrapeEvery}) reads
 * every instance of a version and stores the increases since the previous reading in the
 * caller's {@link ScrapeState}; queries then add up the intervals ending in each step.
 *
 * <p>Step {@code i} holds the intervals ending in {@code [from + i*step, from + (i+1)*step)};
 * a step where no instance was read is absent. Scrape more often than the step: an interval
 * counts whole in the step it ends in. Resource sample {@code i} is, per instance, the last
 * reading in step {@code i}; memory and disk take the largest instance, CPU the average.
 *
 * <p>When no instance of a version answers and nothing was read in the queried window, queries
 * throw {@link MetricsUnavailableException}.
 *
 * <p>Each call first resolves the page's host and asks the {@link AddressGate} (the target policy)
 * about the addresses: an unresolvable or refused host is not called. Each scheduled round asks the
 * {@link StarvationWatch} whether the verifier itself was starved since the previous round; such
 * spans are kept ({@link StarvedRounds}), and {@link #verifierStarvedSteps} tells the judge which
 * steps may be missing for the verifier's sake rather than the version's.
 */
public final class ScrapeMetricsProvider implements TrafficMetricsProvider, ResourceMetricsProvider,
        CheckMetricsProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ScrapeMetricsProvider.class);

    /** The outcome of one round of scrapes of a version: intervals recorded, instances that failed. */
    public record ScrapeReport(List<IntervalIncrease> recorded, Map<URI, String> failures) {
    }

    /** A page as read, and when. */
    private record Page(String body, long atMillis) {
    }

    private final ScrapeConfig config;
    private final ScrapeTargets targets;
    private final ScrapeState state;
    private final ResilientCalls calls;
    private final HttpClient http;
    private final Clock clock;
    private final AddressGate gate;
    private final StarvationWatch starvation;

    /**
     * @param gate the target policy on the addresses each page's host resolves to
     * @param starvation tells when the verifier itself was starved, so its late rounds are told apart
     */
    public ScrapeMetricsProvider(ScrapeConfig config, ScrapeTargets targets, ScrapeState state,
                                 ResilientCalls calls, HttpClient http, Clock clock, AddressGate gate,
                                 StarvationWatch starvation) {
        this.config = config;
        this.targets = targets;
        this.state = state;
        this.calls = calls;
        this.http = http;
        this.clock = clock;
        this.gate = gate;
        this.starvation = starvation;
    }

    @Override
    public String name() {
        return "scrape";
    }

    /** Reads every instance of the version once, concurrently, and records what each said. */
    public ScrapeReport scrape(String service, String environment, String version) {
        String key = versionKey(service, environment, version);
        List<URI> instances = targets.instances(service, environment, version);
        Map<URI, CompletableFuture<Page>> pages = new LinkedHashMap<>();
        for (URI instance : instances) {
            pages.put(instance, calls.callAsync(instance.toString(), () -> fetch(instance)));
        }
        List<IntervalIncrease> recorded = new ArrayList<>();
        Map<URI, String> failures = new LinkedHashMap<>();
        for (Map.Entry<URI, CompletableFuture<Page>> page : pages.entrySet()) {
            try {
                Page read = page.getValue().join();
                InstanceReading reading = InstanceReading.of(ExpositionParser.parse(read.body()), config, version,
                        read.atMillis());
                IntervalIncrease interval = state.record(key, page.getKey(), reading);
                if (interval != null) {
                    recorded.add(interval);
                }
            } catch (ExpositionFormatException e) {
                // The parser's message quotes the line; a target's page is not evidence Postflight repeats.
                failures.put(page.getKey(), "not Prometheus text format (line " + e.line() + ")");
            } catch (RuntimeException e) {
                // join() wraps the CallFailedException that says why the instance did not answer.
                Throwable why = e.getCause() == null ? e : e.getCause();
                failures.put(page.getKey(), why.getMessage());
            }
        }
        if (recorded.isEmpty()) {
            state.recordFailure(key, instances.isEmpty() ? "no instances known for " + key
                    : "no instance of " + key + " could be scraped: " + failures);
        }
        return new ScrapeReport(List.copyOf(recorded), failures);
    }

    /** Scrapes the version every {@link ScrapeConfig#scrapeInterval} until the future is cancelled. */
    public ScheduledFuture<?> scrapeEvery(ScheduledExecutorService scheduler, String service, String environment,
                                          String version) {
        return scrapeEvery(scheduler, service, environment, version, clock.instant());
    }

    /**
     * As {@link #scrapeEvery(ScheduledExecutorService, String, String, String)}, for a version whose
     * reading was asked for at {@code due}: when the first round starts late after it, the span in
     * between is noted as the verifier's (see {@link StarvedRounds}).
     */
    public ScheduledFuture<?> scrapeEvery(ScheduledExecutorService scheduler, String service, String environment,
                                          String version, Instant due) {
        long period = config.scrapeInterval().toMillis();
        StarvedRounds rounds = new StarvedRounds(versionKey(service, environment, version), state, starvation,
                config.scrapeInterval(), clock, due.toEpochMilli());
        return scheduler.scheduleAtFixedRate(() -> {
            rounds.starting();
            try {
                ScrapeReport report = scrape(service, environment, version);
                if (!report.failures().isEmpty()) {
                    LOG.warn("scrape of {}/{}/{}: {} instance(s) failed: {}", service, environment, version,
                            report.failures().size(), report.failures());
                }
            } catch (RuntimeException e) {
                // Never let one bad round end the schedule.
                LOG.warn("scrape of {}/{}/{} failed", service, environment, version, e);
            } finally {
                rounds.ran();
            }
        }, 0, period, TimeUnit.MILLISECONDS);
    }

    /** Steps of the query in which the verifier was starved while scraping the version. */
    @Override
    public boolean[] verifierStarvedSteps(MetricQuery query) {
        Steps q = Steps.of(query);
        return state.starvedSteps(q.key(), q.from() * 1000, q.step() * 1000L, q.count());
    }

    @Override
    public TrafficSeries traffic(MetricQuery query) throws MetricsUnavailableException {
        Steps q = Steps.of(query);
        int step = q.step();
        long from = q.from();
        int steps = q.count();
        String key = q.key();
        if (!state.seen(key)) {
            unavailableIfFailing(key);
            return TrafficSeries.empty(from, step, new double[0]);
        }
        List<IntervalIncrease> window = q.intervals(state);
        if (window.stream().noneMatch(IntervalIncrease::hasTraffic)) {
            unavailableIfFailing(key);
        }
        double[] requests = new double[steps];
        double[] errors = new double[steps];
        boolean[] present = new boolean[steps];
        Map<Double, double[]> bucketsByLe = new HashMap<>();
        for (IntervalIncrease interval : window) {
            if (!interval.hasTraffic()) {
                continue;
            }
            int i = (int) ((interval.endMillis() / 1000 - from) / step);
            present[i] = true;
            requests[i] += interval.requests();
            errors[i] += interval.errors();
            interval.cumulativeBucketsByLeMillis().forEach((le, increase) ->
                    bucketsByLe.computeIfAbsent(le, k -> new double[steps])[i] += increase);
        }
        HistogramBuckets buckets = HistogramBuckets.decumulate(bucketsByLe, 1.0, steps);
        long[] requestCounts = new long[steps];
        long[] errorCounts = new long[steps];
        for (int i = 0; i < steps; i++) {
            requestCounts[i] = Math.round(requests[i]);
            errorCounts[i] = Math.min(Math.round(errors[i]), requestCounts[i]);
        }
        return new TrafficSeries(from, step, requestCounts, errorCounts, buckets.boundsMs(), buckets.counts(), present);
    }

    @Override
    public ResourceSeries resources(MetricQuery query) throws MetricsUnavailableException {
        Steps q = Steps.of(query);
        int step = q.step();
        long from = q.from();
        int steps = q.count();
        String key = q.key();
        List<IntervalIncrease> window = q.intervals(state);
        if (window.isEmpty()) {
            unavailableIfFailing(key);
        }
        // Per step, the last reading of each instance.
        List<Map<String, IntervalIncrease>> lastPerInstance = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            lastPerInstance.add(new HashMap<>());
        }
        for (IntervalIncrease interval : window) {
            int i = (int) ((interval.endMillis() / 1000 - from) / step);
            lastPerInstance.get(i).put(interval.instance(), interval);
        }
        double[] memory = new double[steps];
        double[] cpu = new double[steps];
        double[] disk = new double[steps];
        for (int i = 0; i < steps; i++) {
            var readings = lastPerInstance.get(i).values();
            memory[i] = aggregate(readings.stream().mapToDouble(IntervalIncrease::memoryBytes).toArray(), false);
            cpu[i] = aggregate(readings.stream().mapToDouble(IntervalIncrease::cpuCores).toArray(), true);
            disk[i] = aggregate(readings.stream().mapToDouble(IntervalIncrease::diskBytes).toArray(), false);
        }
        return new ResourceSeries(from, step, memory, cpu, disk, config.memoryLimitBytes());
    }

    /**
     * A custom check's metric per step: a counter's increase in the step per minute (summed over the
     * version's instances), or a gauge's last value in the step (averaged over the instances);
     * {@code NaN} where no instance exposed it. The metric must be among {@link ScrapeConfig#checkMetrics}.
     */
    @Override
    public CheckSeries check(MetricQuery query, CheckSource source) throws MetricsUnavailableException {
        Steps q = Steps.of(query);
        String metric = source.metric();
        if (metric == null || !config.checkMetrics().contains(metric)) {
            throw new IllegalArgumentException("check " + source.name() + ": metric " + metric + " is not scraped");
        }
        List<IntervalIncrease> window = q.intervals(state);
        if (window.isEmpty()) {
            unavailableIfFailing(q.key());
        }
        double[] values = new double[q.count()];
        Arrays.fill(values, Double.NaN);
        List<Map<String, Double>> lastPerInstance = new ArrayList<>();
        for (int i = 0; i < q.count(); i++) {
            lastPerInstance.add(new HashMap<>());
        }
        for (IntervalIncrease interval : window) {
            int i = (int) ((interval.endMillis() / 1000 - q.from()) / q.step());
            if (source.counter()) {
                Double increase = interval.hasTraffic() ? interval.checkIncreases().get(metric) : null;
                if (increase != null && !Double.isNaN(increase)) {
                    values[i] = (Double.isNaN(values[i]) ? 0 : values[i]) + increase * 60.0 / q.step();
                }
            } else {
                Double value = interval.checkValues().get(metric);
                if (value != null && !Double.isNaN(value)) {
                    lastPerInstance.get(i).put(interval.instance(), value);
                }
            }
        }
        if (!source.counter()) {
            for (int i = 0; i < q.count(); i++) {
                values[i] = aggregate(lastPerInstance.get(i).values().stream().mapToDouble(Double::doubleValue)
                        .toArray(), true);
            }
        }
        return new CheckSeries(q.from(), q.step(), values);
    }

    /** Max (or mean) of the known values; NaN when none is known. */
    private static double aggregate(double[] values, boolean mean) {
        double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        if (known.length == 0) {
            return Double.NaN;
        }
        return mean ? Arrays.stream(known).average().orElseThrow() : Arrays.stream(known).max().orElseThrow();
    }

    private void unavailableIfFailing(String key) throws MetricsUnavailableException {
        var failure = state.failureSinceLastSuccess(key);
        if (failure.isPresent()) {
            throw new MetricsUnavailableException("scrape: " + failure.get());
        }
    }

    private Page fetch(URI instance) throws IOException, InterruptedException, PermanentCallException {
        // Neither an unresolvable nor a refused host is retried or held against the instance.
        Optional<String> refused = gate.refuseNow(instance.getHost());
        if (refused.isPresent()) {
            throw new PermanentCallException(refused.get());
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(instance)
                        .timeout(config.requestTimeout())
                        .header("Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1")
                        .GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(instance + " answered HTTP " + response.statusCode());
        }
        return new Page(response.body(), clock.millis());
    }

    /** The key of a version in {@link ScrapeState}. */
    public static String versionKey(String service, String environment, String version) {
        return service + "/" + environment + "/" + version;
    }

    private static int stepSeconds(MetricQuery query) {
        long step = query.step().toSeconds();
        if (step < 1 || query.step().toNanosPart() != 0) {
            throw new IllegalArgumentException("step must be a whole number of seconds: " + query.step());
        }
        return (int) step;
    }

    /** A query's steps: their length, the first's start, how many, and the version they are of. */
    private record Steps(int step, long from, int count, String key) {
        static Steps of(MetricQuery query) {
            int step = stepSeconds(query);
            long from = query.from().getEpochSecond();
            return new Steps(step, from, (int) ((query.to().getEpochSecond() - from) / step),
                    versionKey(query.service(), query.environment(), query.version()));
        }

        /** The scraped intervals that end within these steps. */
        List<IntervalIncrease> intervals(ScrapeState state) {
            return state.intervals(key, from * 1000, (from + (long) count * step) * 1000);
        }
    }
}
