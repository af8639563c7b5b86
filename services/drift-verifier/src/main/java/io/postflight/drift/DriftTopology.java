package io.postflight.drift;

import io.postflight.contracts.Topics;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
import io.postflight.metrics.ResourceSeries;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * verifications + decisions → drift phase (two state stores with changelogs: the watches and
 * their samples) → phase results / dead letters. Both inputs are keyed by slot and read by one
 * source, so one task sees a slot's verification before its PROMOTE. Kept free of Micronaut so
 * tests can run it in Kafka's TopologyTestDriver.
 */
public final class DriftTopology {

    private DriftTopology() {
    }

    public static KStream<String, byte[]> build(StreamsBuilder builder,
                                                ProcessorSupplier<String, byte[], String, Outgoing> processor) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DriftPhaseProcessor.WATCHES),
                Serdes.String(), JsonSerde.of(DriftWatch.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DriftPhaseProcessor.SAMPLES),
                Serdes.String(), JsonSerde.of(ResourceSeries.class)));
        KStream<String, byte[]> source = builder.stream(
                List.of(Topics.VERIFICATIONS.name(), Topics.DECISIONS.name()),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("drift-inputs"));
        source.process(processor, Named.as("drift-phase"), DriftPhaseProcessor.WATCHES, DriftPhaseProcessor.SAMPLES)
                .to(Outgoing.ROUTER, Produced.with(Serdes.String(), Outgoing.serde()).withName("drift-out"));
        return source;
    }
}
