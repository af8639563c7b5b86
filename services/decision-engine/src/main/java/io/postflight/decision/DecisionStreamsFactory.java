package io.postflight.decision;

import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.postflight.kafka.RecordMetrics;
import io.postflight.runtime.SlotPartitionsCheck;
import io.postflight.tracing.Tracing;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.kstream.KStream;

/** Wires the decision topology into the service's Kafka Streams application ({@code kafka.streams.default}). */
@Factory
@Requires(env = DecisionEngineApplication.ENVIRONMENT)
public class DecisionStreamsFactory {

    @Singleton
    @Named("postflight-topology")
    KStream<String, byte[]> decisionStream(ConfiguredStreamBuilder builder,
                                           DecisionConfig config, RecordMetrics metrics,
                                           SlotPartitionsCheck topics, Tracing tracing) {
        return DecisionProcessor.topology().build(builder, () -> new DecisionProcessor(config.silenceTimeout(),
                config.slotRetention(), metrics, tracing));
    }
}
