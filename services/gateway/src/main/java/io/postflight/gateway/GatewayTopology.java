package io.postflight.gateway;

import io.postflight.contracts.Topics;
import io.postflight.kafka.Outgoing;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * deploy events → decode (dead letters out) → repartition by deployment id → deduplicate (store)
 * → verifications keyed by slot.
 */
public final class GatewayTopology {

    private GatewayTopology() {
    }

    public static KStream<byte[], byte[]> build(StreamsBuilder builder,
                                                ProcessorSupplier<byte[], byte[], String, Outgoing> decode,
                                                ProcessorSupplier<String, byte[], String, Outgoing> dedupe) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DeploymentDedupeProcessor.STORE), Serdes.String(),
                AcceptedDeployment.serde()));
        KStream<byte[], byte[]> source = builder.stream(Topics.DEPLOY_EVENTS.name(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("deploy-events"));
        Produced<String, Outgoing> routed = Produced.with(Serdes.String(), Outgoing.serde());
        source.process(decode, Named.as("intake-decode"))
                .split(Named.as("intake-"))
                .branch((id, out) -> !DeployEventDecodeProcessor.DECODED.equals(out.topic()),
                        Branched.withConsumer(rejected -> rejected.to(Outgoing.ROUTER, routed.withName("intake-dead-letters")),
                                "rejected"))
                .defaultBranch(Branched.withConsumer(decoded -> decoded
                        .mapValues(Outgoing::value, Named.as("intake-decoded-bytes"))
                        .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray())
                                .withName("deployments-by-id"))
                        .process(dedupe, Named.as("intake-dedupe"), DeploymentDedupeProcessor.STORE)
                        .to(Outgoing.ROUTER, Produced.with(Serdes.String(), Outgoing.serde()).withName("intake-out")),
                        "decoded"));
        return source;
    }
}
