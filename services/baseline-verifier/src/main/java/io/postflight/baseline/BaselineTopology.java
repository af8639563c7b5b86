package io.postflight.baseline;

import io.postflight.contracts.Topics;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
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
 * verifications + phase results (both keyed by slot, so one task sees all of a slot in order) →
 * baseline phase (state store with changelog) → phase results / dead letters. Kept free of
 * Micronaut so tests can run it in Kafka's TopologyTestDriver.
 */
public final class BaselineTopology {

    private BaselineTopology() {
    }

    public static KStream<String, byte[]> build(StreamsBuilder builder,
                                                ProcessorSupplier<String, byte[], String, Outgoing> processor) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BaselinePhaseProcessor.STORE),
                Serdes.String(), JsonSerde.of(BaselineVerification.class)));
        KStream<String, byte[]> source = builder.stream(
                List.of(Topics.VERIFICATIONS.name(), Topics.PHASE_RESULTS.name()),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("baseline-inputs"));
        source.process(processor, Named.as("baseline-phase"), BaselinePhaseProcessor.STORE)
                .to(Outgoing.ROUTER, Produced.with(Serdes.String(), Outgoing.serde()).withName("baseline-out"));
        return source;
    }
}
