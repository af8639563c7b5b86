package io.postflight.runtime;

import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Factory;
import io.postflight.contracts.Topics;
import jakarta.inject.Singleton;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;

/**
 * A Kafka Streams application of one source topic for {@link TopicProvisioningIT}, wired as the
 * services wire theirs: the stream factory takes {@link SlotPartitionsCheck} (which takes {@link TopicProvisioning}), so the topic exists
 * before the application starts. (A context without any stream would fail: micronaut-kafka-streams
 * starts an application with an empty topology.)
 */
@Factory
class DecisionsReaderStreams {

    @Singleton
    KStream<byte[], byte[]> decisions(ConfiguredStreamBuilder builder, SlotPartitionsCheck topics) {
        KStream<byte[], byte[]> decisions = builder.stream(Topics.DECISIONS.name(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()));
        decisions.foreach((key, value) -> { });
        return decisions;
    }
}
