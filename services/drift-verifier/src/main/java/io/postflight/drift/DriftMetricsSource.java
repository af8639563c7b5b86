package io.postflight.drift;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.postflight.provider.prometheus.PrometheusMetricsProvider;
import io.postflight.provider.source.MetricsSource;
import io.postflight.provider.source.MetricsSourceBinder;
import io.postflight.resilience.ResilientCalls;
import io.postflight.targets.TargetPolicy;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured resource source ({@code postflight.drift.metrics.*}) with what it runs on: the
 * bounded pool that fetches samples off the stream thread, and, for the scrape provider, the
 * sampling that keeps every watched instance's page read (it also hears which deployments are
 * watched). The provider is chosen by {@link MetricsSource#provider()}, as in every phase.
 */
@Singleton
@Requires(env = DriftVerifierApplication.ENVIRONMENT)
public class DriftMetricsSource implements AutoCloseable {
    /** Where the shared metrics-source shape is read for this phase. */
    public static final String PREFIX = "postflight.drift.metrics";
    private static final Logger LOG = LoggerFactory.getLogger(DriftMetricsSource.class);

    private final MetricsSource source;
    private final SampleFetcher fetcher;
    private final DriftWatchListener listener;
    private final AutoCloseable resources;

    @Inject
    public DriftMetricsSource(DriftConfig config, Environment environment, MeterRegistry registry,
                              TargetPolicy targetPolicy) {
        this(config, MetricsSourceBinder.bind(environment, PREFIX), registry, targetPolicy);
    }

    public DriftMetricsSource(DriftConfig config, MetricsSource source, MeterRegistry registry,
                              TargetPolicy targetPolicy) {
        this.source = source;
        int concurrency = config.fetchConcurrency();
        switch (source.provider()) {
            case SCRAPE -> {
                // Page requests are not retried: the next scrape, one interval later, is the retry.
                ResilientCalls calls = new ResilientCalls(source.resilience().withRetry(1, source.backoff()), registry);
                ScrapeSampling sampling = new ScrapeSampling(source.scrape().config(source.timeout(),
                        scrapeRetention(config)), source.scrape().path(), calls, Clock.systemUTC(),
                        targetPolicy::refuseHost);
                this.fetcher = SampleFetcher.bounded(sampling, concurrency, concurrency * 64, null);
                this.listener = sampling;
                this.resources = sampling;
                LOG.info("drift samples from the instances' {} pages, every {}", source.scrape().path(),
                        source.scrape().interval());
            }
            case PROMETHEUS -> {
                ResilientCalls calls = new ResilientCalls(source.resilience(), registry);
                PrometheusMetricsProvider provider = new PrometheusMetricsProvider(
                        source.prometheus().config(source.timeout()), calls);
                this.fetcher = SampleFetcher.bounded(provider, concurrency, concurrency * 64, () -> {
                    calls.close();
                    provider.close();
                });
                this.listener = DriftWatchListener.NONE;
                this.resources = () -> { };
                LOG.info("drift samples from Prometheus at {}", source.prometheus().url());
            }
            default -> throw new IllegalStateException("unknown provider " + source.provider());
        }
    }

    /** Queries read only the samples not stored yet, a few intervals back: no need to keep a day in memory. */
    static Duration scrapeRetention(DriftConfig config) {
        Duration tenSamples = config.sampleInterval().multipliedBy(10);
        return Duration.ofHours(1).compareTo(tenSamples) > 0 ? Duration.ofHours(1) : tenSamples;
    }

    /** Where this phase reads its metrics, as configured. */
    public MetricsSource source() {
        return source;
    }

    public SampleFetcher fetcher() {
        return fetcher;
    }

    /** Who hears which deployments are watched: the scrape sampling, or nobody. */
    public DriftWatchListener listener() {
        return listener;
    }

    @PreDestroy
    @Override
    public void close() throws Exception {
        fetcher.close();
        resources.close();
    }
}
