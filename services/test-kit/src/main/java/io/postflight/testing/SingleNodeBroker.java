package io.postflight.testing;

import java.nio.file.Path;

/**
 * The {@code server.properties} of a one-node KRaft broker (broker and controller in one process)
 * on loopback, for the tests and benchmarks that run Kafka in a process of its own: the same
 * settings as {@link EmbeddedKafka}'s in-JVM broker (one replica, small internal topics, no
 * auto-created topics, no rebalance delay).
 */
public final class SingleNodeBroker {

    private SingleNodeBroker() {
    }

    /** The configuration's text; {@code logDirs} holds the broker's data. */
    public static String properties(Path logDirs, int port, int controllerPort) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + logDirs,
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=3",
                "auto.create.topics.enable=false",
                "group.initial.rebalance.delay.ms=0",
                "");
    }
}
