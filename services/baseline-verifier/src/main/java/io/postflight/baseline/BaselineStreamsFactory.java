package io.postflight.baseline;

import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.postflight.judge.baseline.BaselineJudge;
import io.postflight.kafka.RecordMetrics;
import io.postflight.runtime.SlotPartitionsCheck;
import io.postflight.tracing.Tracing;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.kstream.KStream;

/** Wires the baseline topology into the service's Kafka Streams application ({@code kafka.streams.default}). */
@Factory
@Requires(env = BaselineVerifierApplication.ENVIRONMENT)
public class BaselineStreamsFactory {

    @Singleton
    @Named("postflight-topology")
    KStream<String, byte[]> baselineStream(ConfiguredStreamBuilder builder, BaselineConfig config,
                                           BaselineMetricsSource source, RecordMetrics metrics,
                                           SlotPartitionsCheck topics, Tracing tracing, BaselineChecks checks) {
        BaselineJudge judge = new BaselineJudge(config.policy(), checks.throughput());
        BaselineLookSchedule schedule = config.schedule(source.source());
        return BaselinePhaseProcessor.topology().build(builder, () -> new BaselinePhaseProcessor(judge,
                config.fastChecks(), source.provider(), source.checkProvider(), checks,
                source.fetchExecutor(), source.watch(), schedule, metrics, tracing));
    }
}
