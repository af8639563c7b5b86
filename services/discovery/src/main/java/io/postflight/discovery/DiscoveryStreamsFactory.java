package io.postflight.discovery;

import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.postflight.kafka.RecordMetrics;
import io.postflight.runtime.SlotPartitionsCheck;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.kstream.KStream;

/**
 * Wires the discovery topology into the service's Kafka Streams application ({@code kafka.streams.default}),
 * with the clusters' clients and the threads that start watches off the stream thread.
 */
@Factory
@Requires(env = DiscoveryApplication.ENVIRONMENT)
public class DiscoveryStreamsFactory {

    /** One client per configured cluster, built on first use; closed with the service. */
    @Singleton
    @Bean(preDestroy = "close")
    ClusterClients clusterClients(List<ClusterConfig> clusters) {
        return new ClusterClients(clusters);
    }

    /**
     * Starting a watch waits for the informers' first list: two threads do that for every task, so a
     * slow API server delays other watches' start, never the stream thread. Daemon threads: a start in
     * progress must not hold the JVM at shutdown.
     */
    @Singleton
    @Named("discovery-watch-starter")
    @Bean(preDestroy = "shutdownNow")
    ScheduledExecutorService watchStarter() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "discovery-watch-starter-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Singleton
    @Named("postflight-topology")
    KStream<String, byte[]> discoveryStream(ConfiguredStreamBuilder builder, DiscoveryConfig config,
                                            ClusterClients clients,
                                            @Named("discovery-watch-starter") ScheduledExecutorService starter,
                                            RecordMetrics metrics, SlotPartitionsCheck topics) {
        PodSource source = new KubernetesPodSource(clients, starter, config.startRetry(),
                new DiscoveryMetrics(metrics.registry()));
        return DiscoveryProcessor.topology().build(builder, () -> new DiscoveryProcessor(source, config, metrics));
    }
}
