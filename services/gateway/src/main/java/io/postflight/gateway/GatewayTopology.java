package io.postflight.gateway;

import io.postflight.contracts.Topics;
import io.postflight.kafka.Outgoing;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.Stores;

/** deploy events → intake (dedupe store) → verifications / dead letters. */
public final class GatewayTopology {

    private GatewayTopology() {
    }

    public static KStream<byte[], byte[]> build(StreamsBuilder builder,
                                                ProcessorSupplier<byte[], byte[], String, Outgoing> processor) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IntakeProcessor.STORE),
                Serdes.String(), Serdes.Long()));
        KStream<byte[], byte[]> source = builder.stream(Topics.DEPLOY_EVENTS.name(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("deploy-events"));
        source.process(processor, Named.as("intake"), IntakeProcessor.STORE)
                .to(Outgoing.ROUTER, Produced.with(Serdes.String(), Outgoing.serde()).withName("intake-out"));
        return source;
    }
}
