package io.postflight.decision;

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

/** verifications + phase results → decision rules (state store) → decisions, verdicts, alerts. */
public final class DecisionTopology {

    private DecisionTopology() {
    }

    public static KStream<String, byte[]> build(StreamsBuilder builder,
                                                ProcessorSupplier<String, byte[], String, Outgoing> processor) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DecisionProcessor.STORE),
                Serdes.String(), JsonSerde.of(SlotState.class)));
        KStream<String, byte[]> source = builder.stream(
                List.of(Topics.VERIFICATIONS.name(), Topics.PHASE_RESULTS.name()),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("decision-inputs"));
        source.process(processor, Named.as("decision-rules"), DecisionProcessor.STORE)
                .to(Outgoing.ROUTER, Produced.with(Serdes.String(), Outgoing.serde()).withName("decision-out"));
        return source;
    }
}
