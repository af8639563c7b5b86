package io.postflight.decision;

import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.postflight.runtime.RecordMetrics;
import io.postflight.runtime.TopicProvisioning;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.kstream.KStream;

/** Wires the decision topology into the {@code kafka.streams.decision} Kafka Streams application. */
@Factory
@Requires(env = DecisionEngineApplication.ENVIRONMENT)
public class DecisionStreamsFactory {

    @Singleton
    @Named(DecisionEngineApplication.STREAMS)
    KStream<String, byte[]> decisionStream(@Named(DecisionEngineApplication.STREAMS) ConfiguredStreamBuilder builder,
                                           TopicProvisioning topics, DecisionConfig config, RecordMetrics metrics) {
        return DecisionTopology.build(builder, () -> new DecisionProcessor(config.silenceTimeout(), metrics));
    }
}
