package io.postflight.gateway;

import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.postflight.contracts.intake.CloudEventsDeployEventDecoder;
import io.postflight.contracts.intake.DeployEventDecoder;
import io.postflight.gateway.discovery.DiscoveryEntry;
import io.postflight.gateway.discovery.DiscoveryResolver;
import io.postflight.gateway.policy.PolicyEntry;
import io.postflight.gateway.policy.PolicyResolver;
import io.postflight.kafka.RecordMetrics;
import io.postflight.runtime.SlotPartitionsCheck;
import io.postflight.tracing.Tracing;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.List;
import org.apache.kafka.streams.kstream.KStream;

/** Wires intake into the service's Kafka Streams application ({@code kafka.streams.default}). */
@Factory
@Requires(env = GatewayApplication.ENVIRONMENT)
public class GatewayStreamsFactory {

    @Singleton
    DeployEventDecoder deployEventDecoder(GatewayConfig config) {
        return new CloudEventsDeployEventDecoder(config.maxEventBytes());
    }

    /** Deploy events as both intakes (Kafka, HTTP) read them. */
    @Singleton
    DeployEventIntake deployEventIntake(DeployEventDecoder decoder, GatewayConfig config) {
        return new DeployEventIntake(decoder, config);
    }

    /** The configured policies, checked as a whole (clashes, opt-ins without HEALTH) before intake starts. */
    @Singleton
    PolicyResolver policyResolver(List<PolicyEntry> entries, GatewayConfig config) {
        return new PolicyResolver(entries, config.phases(), config.rollbackPhases());
    }

    /** The configured discovery entries, checked as a whole before intake starts. */
    @Singleton
    DiscoveryResolver discoveryResolver(List<DiscoveryEntry> entries) {
        return new DiscoveryResolver(entries);
    }

    @Singleton
    @Named("postflight-topology")
    KStream<byte[], byte[]> intakeStream(ConfiguredStreamBuilder builder,
                                         DeployEventIntake intake,
                                         TargetResolver targets, GatewayConfig config, PolicyResolver policies,
                                         DiscoveryResolver discovery, RecordMetrics metrics,
                                         SlotPartitionsCheck topics, Tracing tracing) {
        return GatewayTopology.build(builder, () -> new DeployEventDecodeProcessor(intake, config, metrics),
                () -> new DeploymentDedupeProcessor(targets, config, policies, discovery, metrics, tracing));
    }
}
