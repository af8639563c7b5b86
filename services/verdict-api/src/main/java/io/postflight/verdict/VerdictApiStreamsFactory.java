package io.postflight.verdict;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.postflight.kafka.RecordMetrics;
import io.postflight.runtime.CatalogueNewTopics;
import io.postflight.runtime.PostflightKafkaConfig;
import io.postflight.runtime.SlotPartitionsCheck;
import io.postflight.verdict.stream.HistoryView;
import io.postflight.verdict.stream.VerdictApiTopology;
import io.postflight.verdict.stream.VerdictFeed;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/** Wires the verdict API's topology into the service's Kafka Streams application ({@code kafka.streams.default}). */
@Factory
@Requires(env = VerdictApiApplication.ENVIRONMENT)
public class VerdictApiStreamsFactory {

    @Singleton
    VerdictFeed verdictFeed(VerdictApiConfig config, MeterRegistry registry) {
        return new VerdictFeed(config.streamBuffer(), registry);
    }

    /** The history topic, created with the catalogue's (TopicProvisioning waits for it too). */
    @Singleton
    NewTopic historyTopic(PostflightKafkaConfig kafka) {
        return CatalogueNewTopics.newTopic(VerdictApiTopology.HISTORY, kafka.replicationFactor());
    }

    @Singleton
    @Named("postflight-topology")
    KStream<String, byte[]> verdictApiTopology(ConfiguredStreamBuilder builder, VerdictApiConfig config,
                                               RecordMetrics metrics, VerdictFeed feed, SlotPartitionsCheck topics) {
        return VerdictApiTopology.build(builder, config.retention(), metrics, feed);
    }

    @Singleton
    HistoryView historyView(KafkaStreams streams) {
        return new HistoryView(() -> streams.store(StoreQueryParameters.fromNameAndType(VerdictApiTopology.VIEW,
                QueryableStoreTypes.keyValueStore())));
    }
}
