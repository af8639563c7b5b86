package io.postflight.drift;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.postflight.judge.drift.DriftJudge;
import io.postflight.kafka.RecordMetrics;
import io.postflight.provider.prometheus.PrometheusMetricsProvider;
import io.postflight.resilience.ResilientCalls;
import io.postflight.runtime.TopicProvisioning;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.kstream.KStream;

/**
 * Wires the drift topology into the service's Kafka Streams application ({@code kafka.streams.default})
 * with the configured metrics provider.
 */
@Factory
@Requires(env = DriftVerifierApplication.ENVIRONMENT)
public class DriftStreamsFactory {

    /** The {@code scrape} provider, which also needs to know which deployments are watched. */
    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "postflight.drift.provider", value = "scrape")
    ScrapeSampling scrapeSampling(DriftConfig config, DriftScrapeProperties scrape, MeterRegistry registry) {
        // Queries read only the samples not stored yet, a few intervals back: no need to keep a day in memory.
        Duration retention = Duration.ofHours(1).compareTo(config.sampleInterval().multipliedBy(10)) > 0
                ? Duration.ofHours(1) : config.sampleInterval().multipliedBy(10);
        return new ScrapeSampling(scrape.scrapeConfig(retention),
                scrape.metricsPath(), new ResilientCalls(config.resilience().withTimeout(scrape.requestTimeout())
                        .withRetry(1, config.resilience().initialBackoff()), registry), Clock.systemUTC());
    }

    @Singleton
    @Bean(preDestroy = "close")
    SampleFetcher sampleFetcher(DriftConfig config, DriftPrometheusProperties prometheus,
                                Optional<ScrapeSampling> scrape, MeterRegistry registry) {
        if (scrape.isPresent()) {
            // ScrapeSampling is a bean of its own (it is also the watch listener) and closes itself.
            return SampleFetcher.bounded(scrape.get(), config.fetchConcurrency(), config.fetchConcurrency() * 64, null);
        }
        ResilientCalls calls = new ResilientCalls(config.resilience(), registry);
        PrometheusMetricsProvider provider = new PrometheusMetricsProvider(prometheus.prometheusConfig(), calls);
        return SampleFetcher.bounded(provider, config.fetchConcurrency(), config.fetchConcurrency() * 64, () -> {
            calls.close();
            provider.close();
        });
    }

    @Singleton
    @Named("postflight-topology")
    KStream<String, byte[]> driftStream(ConfiguredStreamBuilder builder, TopicProvisioning topics,
                                        DriftConfig config, SampleFetcher fetcher,
                                        Optional<ScrapeSampling> scrape, RecordMetrics metrics) {
        DriftLookSchedule looks = new DriftLookSchedule(new DriftJudge(config.policy()), config);
        DriftWatchListener listener = scrape.<DriftWatchListener>map(s -> s).orElse(DriftWatchListener.NONE);
        return DriftPhaseProcessor.topology().build(builder, () -> new DriftPhaseProcessor(config, looks, fetcher, listener, metrics));
    }
}
