package io.postflight.verdict;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.postflight.kafka.AcknowledgedWriter;
import io.postflight.kafka.RecordMetrics;
import io.postflight.runtime.CatalogueNewTopics;
import io.postflight.runtime.PostflightKafkaConfig;
import io.postflight.runtime.SlotPartitionsCheck;
import io.postflight.verdict.release.GateRecords;
import io.postflight.verdict.release.ReleaseGateConfig;
import io.postflight.verdict.stream.HistoryView;
import io.postflight.verdict.stream.VerdictApiTopology;
import io.postflight.verdict.stream.VerdictFeed;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Properties;
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

    /** The release gate's approvals and exceptions topic, created with the catalogue's. */
    @Singleton
    NewTopic gateRecordsTopic(PostflightKafkaConfig kafka) {
        return CatalogueNewTopics.newTopic(VerdictApiTopology.GATE_RECORDS, kafka.replicationFactor());
    }

    /** The release gate's answers topic (CDEvents on the bus), created with the catalogue's. */
    @Singleton
    NewTopic gateAnswersTopic(PostflightKafkaConfig kafka) {
        return CatalogueNewTopics.newTopic(VerdictApiTopology.GATE_ANSWERS, kafka.replicationFactor());
    }

    @Singleton
    GateRecords gateRecords(KafkaStreams streams) {
        return new GateRecords(() -> streams.store(StoreQueryParameters.fromNameAndType(
                VerdictApiTopology.GATE_RECORDS_VIEW, QueryableStoreTypes.keyValueStore())));
    }

    /** An idempotent, acks=all producer with the service's own Kafka client settings (security included). */
    @Singleton
    @Bean(preDestroy = "close")
    AcknowledgedWriter gateRecordWriter(ReleaseGateConfig config, PostflightKafkaConfig kafkaConfig,
                                        KafkaDefaultConfiguration kafka) {
        Properties client = new Properties();
        client.putAll(kafka.getConfig());
        client.put("bootstrap.servers", kafkaConfig.bootstrapServers());
        return new AcknowledgedWriter(client, "postflight-verdict-api-gate-records", config.writeTimeout());
    }

    @Singleton
    HistoryView historyView(KafkaStreams streams) {
        return new HistoryView(() -> streams.store(StoreQueryParameters.fromNameAndType(VerdictApiTopology.VIEW,
                QueryableStoreTypes.keyValueStore())));
    }
}
