package io.postflight.kafka;

import io.postflight.contracts.TopicSpec;
import java.util.ArrayList;
import java.util.Arrays;
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
 * The shape every phase service shares: its input topics (all keyed by slot, read by one source
 * so one task sees a slot's records in order) → one stateful processor (persistent stores with
 * changelogs) → one sink routing each {@link Outgoing} to its topic (results, verdicts, alerts,
 * dead letters). Free of Micronaut so tests run it in Kafka's TopologyTestDriver.
 *
 * <pre>{@code
 * PhaseTopology.named("health-phase").reading(Topics.VERIFICATIONS)
 *         .store(HealthPhaseProcessor.STORE, HealthVerification.class)
 *         .build(builder, () -> new HealthPhaseProcessor(...));
 * }</pre>
 */
public final class PhaseTopology {
    private final String name;
    private final List<TopicSpec> inputs = new ArrayList<>();
    private final List<Store> stores = new ArrayList<>();

    private record Store(String name, Class<?> valueType) {
    }

    private PhaseTopology(String name) {
        this.name = name;
    }

    /** @param name the processor's node name; the source and sink are named after it */
    public static PhaseTopology named(String name) {
        return new PhaseTopology(name);
    }

    public PhaseTopology reading(TopicSpec... topics) {
        inputs.addAll(Arrays.asList(topics));
        return this;
    }

    /**
     * A persistent key-value store of JSON values keyed by string, with a changelog and a cache (a
     * value written several times between two commits reaches the changelog once).
     */
    public PhaseTopology store(String storeName, Class<?> valueType) {
        stores.add(new Store(storeName, valueType));
        return this;
    }

    /** Adds the stores, source, processor and sink to {@code builder}; returns the source stream. */
    public KStream<String, byte[]> build(StreamsBuilder builder,
                                         ProcessorSupplier<String, byte[], String, Outgoing> processor) {
        if (inputs.isEmpty()) {
            throw new IllegalStateException(name + ": no input topic");
        }
        for (Store store : stores) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store.name()),
                    Serdes.String(), JsonSerde.of(store.valueType())).withCachingEnabled());
        }
        KStream<String, byte[]> source = builder.stream(inputs.stream().map(TopicSpec::name).toList(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(name + "-inputs"));
        source.process(processor, Named.as(name), stores.stream().map(Store::name).toArray(String[]::new))
                .to(Outgoing.ROUTER, Produced.with(Serdes.String(), Outgoing.serde()).withName(name + "-out"));
        return source;
    }
}
