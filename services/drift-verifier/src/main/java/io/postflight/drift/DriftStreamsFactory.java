package io.postflight.drift;

import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.postflight.judge.drift.DriftJudge;
import io.postflight.kafka.RecordMetrics;
import io.postflight.runtime.SlotPartitionsCheck;
import io.postflight.tracing.Tracing;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.kstream.KStream;

/**
 * Wires the drift topology into the service's Kafka Streams application ({@code kafka.streams.default})
 * with the configured metrics source ({@link DriftMetricsSource}).
 */
@Factory
@Requires(env = DriftVerifierApplication.ENVIRONMENT)
public class DriftStreamsFactory {

    @Singleton
    @Named("postflight-topology")
    KStream<String, byte[]> driftStream(ConfiguredStreamBuilder builder, DriftConfig config,
                                        DriftMetricsSource source, RecordMetrics metrics,
                                        SlotPartitionsCheck topics, Tracing tracing) {
        DriftLookSchedule looks = new DriftLookSchedule(new DriftJudge(config.policy()), config);
        return DriftPhaseProcessor.topology().build(builder, () -> new DriftPhaseProcessor(config, looks,
                source.fetcher(), source.listener(), metrics, tracing));
    }
}
