package io.postflight.drift;

import io.postflight.contracts.Phase;
import io.postflight.drift.DriftWatch.BaselineStatus;
import io.postflight.drift.DriftWatch.Stage;
import io.postflight.kafka.RecordMetrics;
import io.postflight.metrics.MetricQuery;
import io.postflight.metrics.ResourceSeries;
import io.postflight.metrics.VersionRole;
import io.postflight.runtime.DeploymentMdc;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sampling half of {@link DriftPhaseProcessor}: which queries are due, running them through
 * the {@link SampleFetcher} (off the stream thread), and folding their answers into the stores
 * (on it).
 *
 * <p>Sample slot {@code i} of a watch is the provider's sample for {@code [start + i·interval,
 * start + (i+1)·interval)}; it is asked for once that interval is over, together with any slots
 * still missing before it (after a restart or an outage: up to {@code maxSamplesPerFetch} per
 * query), so the stored slots never have gaps and are never asked for twice. A query stays in
 * flight until its answer is folded. After a failure the same slots are asked for again one
 * sample interval later; the watch notes since when the source fails.
 */
final class SampleCollector {
    private static final Logger LOG = LoggerFactory.getLogger(SampleCollector.class);

    private final DriftConfig config;
    private final SampleFetcher fetcher;
    private final RecordMetrics metrics;
    private final Queue<Fetched> fetched = new ConcurrentLinkedQueue<>();
    // Touched on the stream thread only.
    private final Set<String> inFlight = new HashSet<>();
    private final Map<String, Long> retryAtMillis = new HashMap<>();

    SampleCollector(DriftConfig config, SampleFetcher fetcher, RecordMetrics metrics) {
        this.config = config;
        this.fetcher = fetcher;
        this.metrics = metrics;
    }

    String providerName() {
        return fetcher.providerName();
    }

    /** Forgets the retry schedule of a deployment no longer watched; its answers in flight will be ignored. */
    void forget(String slot, String deploymentId) {
        retryAtMillis.keySet().removeIf(k -> k.startsWith(slot + "#" + deploymentId + "#"));
    }

    /** Starts the queries due for {@code w}: its previous version's window, its next samples. */
    void startDue(String slot, DriftWatch w, long nowMillis) {
        long start = w.phaseStart().toEpochMilli();
        long step = config.sampleInterval().toMillis();
        Duration stepDuration = config.sampleInterval();
        if (w.baseline() == BaselineStatus.PENDING) {
            Instant to = w.phaseStart();
            launch(w, slot, Fetched.Kind.BASELINE, 0, 0, nowMillis, new MetricQuery(w.deployment().service(),
                    w.deployment().environment(), w.deployment().previousVersion(), VersionRole.BASELINE,
                    to.minus(config.seasonPeriod()), to, stepDuration));
        }
        long due = Math.min(config.extendedBy(w.extendedBy()).phaseSamples(), Math.max(0, (nowMillis - start) / step));
        if (w.samples() < due) {
            int count = (int) Math.min(due - w.samples(), config.maxSamplesPerFetch());
            Instant from = Instant.ofEpochMilli(start + w.samples() * step);
            launch(w, slot, Fetched.Kind.SAMPLES, w.samples(), count, nowMillis, new MetricQuery(
                    w.deployment().service(), w.deployment().environment(), w.deployment().version(),
                    VersionRole.CANDIDATE, from, from.plus(stepDuration.multipliedBy(count)), stepDuration));
        }
    }

    private void launch(DriftWatch w, String slot, Fetched.Kind kind, int first, int count, long nowMillis,
                        MetricQuery query) {
        String key = slot + "#" + w.deploymentId() + "#" + kind;
        if (inFlight.contains(key) || retryAtMillis.getOrDefault(key, 0L) > nowMillis) {
            return;
        }
        inFlight.add(key);
        fetcher.fetch(query).whenComplete((series, error) ->
                fetched.add(new Fetched(key, slot, w.deploymentId(), kind, first, count, series, error)));
    }

    /** Stores the finished queries' samples, or notes their failures; on the stream thread. */
    void foldFinished(long nowMillis, KeyValueStore<String, DriftWatch> watches, DriftSamples samples) {
        for (Fetched f; (f = fetched.poll()) != null; ) {
            fold(f, nowMillis, watches, samples);
        }
    }

    private void fold(Fetched f, long nowMillis, KeyValueStore<String, DriftWatch> watches, DriftSamples samples) {
        inFlight.remove(f.key());
        DriftWatch w = watches.get(f.slot());
        if (w == null || !w.deploymentId().equals(f.deploymentId()) || w.stage() != Stage.WATCHING) {
            metrics.ignored(DriftPhaseProcessor.CONSUMER, "superseded-fetch");
            return;
        }
        try (var ignored = DeploymentMdc.of(w.deployment(), Phase.DRIFT.name())) {
            if (f.error() != null) {
                failed(f, w, nowMillis, watches);
                return;
            }
            retryAtMillis.remove(f.key());
            count(f, "ok");
            if (f.kind() == Fetched.Kind.BASELINE) {
                boolean any = DriftSamples.anyFinite(f.series());
                if (any) {
                    samples.putBaseline(f.slot(), f.deploymentId(), f.series());
                }
                watches.put(f.slot(), w.withBaseline(any ? BaselineStatus.STORED : BaselineStatus.EMPTY));
                LOG.info("previous version {}: {}", w.deployment().previousVersion(),
                        any ? f.series().steps() + " samples stored as the reference" : "no samples");
                return;
            }
            if (f.first() != w.samples()) {
                metrics.ignored(DriftPhaseProcessor.CONSUMER, "stale-fetch");
                return;
            }
            samples.append(f.slot(), f.deploymentId(), f.first(), f.count(), f.series());
            if (w.failingSince() != null) {
                LOG.info("metrics provider answers again (failing since {})", w.failingSince());
            }
            watches.put(f.slot(), w.withSamples(f.first() + f.count(), f.series().memoryLimitBytes()));
        }
    }

    private void failed(Fetched f, DriftWatch w, long nowMillis, KeyValueStore<String, DriftWatch> watches) {
        Throwable e = f.error() instanceof CompletionException && f.error().getCause() != null
                ? f.error().getCause() : f.error();
        if (e instanceof RejectedExecutionException) {
            return; // the pool is busy: ask again at the next tick
        }
        count(f, "failed");
        String message = fetcher.providerName() + ": " + e.getMessage();
        if (f.kind() == Fetched.Kind.BASELINE) {
            retryAtMillis.put(f.key(), nowMillis + config.lookInterval().toMillis());
            LOG.warn("cannot fetch the previous version's window; retrying in {}: {}", config.lookInterval(), message);
            return;
        }
        retryAtMillis.put(f.key(), nowMillis + config.sampleInterval().toMillis());
        if (w.failingSince() == null) {
            LOG.warn("cannot fetch samples: {}", message);
        }
        if (w.failingSince() == null || !message.equals(w.lastError())) {
            watches.put(f.slot(), w.failing(Instant.ofEpochMilli(nowMillis), message));
        }
    }

    private void count(Fetched f, String outcome) {
        metrics.registry().counter("postflight.drift.fetches", "kind", f.kind().name().toLowerCase(Locale.ROOT),
                "outcome", outcome).increment();
    }

    /** A finished query, waiting to be folded on the stream thread. */
    private record Fetched(String key, String slot, String deploymentId, Kind kind, int first, int count,
                           ResourceSeries series, Throwable error) {
        enum Kind { SAMPLES, BASELINE }
    }
}
