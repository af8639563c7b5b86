package io.postflight.health;

import io.postflight.contracts.Topics;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * verifications → health phase (state store with changelog) → phase results / dead letters.
 * Kept free of Micronaut so tests can run it in Kafka's TopologyTestDriver.
 */
public final class HealthTopology {

    private HealthTopology() {
    }

    public static KStream<String, byte[]> build(StreamsBuilder builder,
                                                ProcessorSupplier<String, byte[], String, Outgoing> processor) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(HealthPhaseProcessor.STORE),
                Serdes.String(), JsonSerde.of(HealthVerification.class)));
        KStream<String, byte[]> source = builder.stream(Topics.VERIFICATIONS.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("verifications"));
        source.process(processor, Named.as("health-phase"), HealthPhaseProcessor.STORE)
                .to(Outgoing.ROUTER, Produced.with(Serdes.String(), Outgoing.serde()).withName("health-out"));
        return source;
    }
}
