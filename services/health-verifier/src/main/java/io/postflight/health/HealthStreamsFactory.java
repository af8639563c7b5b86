package io.postflight.health;

import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.postflight.judge.health.HealthJudge;
import io.postflight.kafka.RecordMetrics;
import io.postflight.runtime.SlotPartitionsCheck;
import io.postflight.targets.TargetPolicy;
import io.postflight.tracing.Tracing;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.kstream.KStream;

/** Wires the health topology into the service's Kafka Streams application ({@code kafka.streams.default}). */
@Factory
@Requires(env = HealthVerifierApplication.ENVIRONMENT)
public class HealthStreamsFactory {

    @Singleton
    @Named("postflight-topology")
    KStream<String, byte[]> healthStream(ConfiguredStreamBuilder builder,
                                         HealthConfig config, HealthPodsConfig pods, HealthProbe probe,
                                         RecordMetrics metrics, TargetPolicy targetPolicy,
                                         ScheduledRoundTimer timer, SlotPartitionsCheck topics, Tracing tracing) {
        HealthJudge judge = new HealthJudge(pods.applyTo(config.policy()));
        return HealthPhaseProcessor.topology().build(builder, () -> new HealthPhaseProcessor(judge, probe, config.probeInterval(),
                config.tick(), config.maxRoundsPerTick(), config.missedPhaseLookBack(), metrics, targetPolicy, timer,
                tracing).httpProbesOfPods(pods.httpProbesOfPods()));
    }
}
