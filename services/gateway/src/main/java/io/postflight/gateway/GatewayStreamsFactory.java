package io.postflight.gateway;

import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.postflight.contracts.intake.CloudEventsDeployEventDecoder;
import io.postflight.contracts.intake.DeployEventDecoder;
import io.postflight.kafka.RecordMetrics;
import io.postflight.runtime.TopicProvisioning;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.kstream.KStream;

/** Wires intake into the service's Kafka Streams application ({@code kafka.streams.default}). */
@Factory
@Requires(env = GatewayApplication.ENVIRONMENT)
public class GatewayStreamsFactory {

    @Singleton
    DeployEventDecoder deployEventDecoder(GatewayConfig config) {
        return new CloudEventsDeployEventDecoder(config.maxEventBytes());
    }

    @Singleton
    @Named("postflight-topology")
    KStream<byte[], byte[]> intakeStream(ConfiguredStreamBuilder builder,
                                         TopicProvisioning topics, DeployEventDecoder decoder,
                                         TargetResolver targets, GatewayConfig config, RecordMetrics metrics) {
        return GatewayTopology.build(builder, () -> new DeployEventDecodeProcessor(decoder, config, metrics),
                () -> new DeploymentDedupeProcessor(targets, config, metrics));
    }
}
