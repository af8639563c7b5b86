package io.postflight.discovery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
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
     * Starting a watch waits for the informers' first list (or, for kube-state-metrics, each poll waits
     * for its queries): two threads do that for every task, so a slow server delays other watches,
     * never the stream thread. Daemon threads: a start in
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

    /**
     * The configured source ({@code postflight.discovery.source}): the API servers, or kube-state-metrics
     * through Prometheus, whose reads take the starter's threads in turn (each a few bounded queries).
     * A kube-state-metrics source without its Prometheus stops start-up naming the property.
     */
    @Singleton
    @Bean(preDestroy = "close")
    PodSource podSource(DiscoveryConfig config, ClusterClients clients, Environment environment,
                        MeterRegistry registry, @Named("discovery-watch-starter") ScheduledExecutorService starter) {
        if (config.fromKubeStateMetrics()) {
            return KubeStateMetricsPrometheus.podSource(config, environment, registry, starter);
        }
        return new KubernetesPodSource(clients, starter, config.startRetry(), new DiscoveryMetrics(registry));
    }

    @Singleton
    @Named("postflight-topology")
    KStream<String, byte[]> discoveryStream(ConfiguredStreamBuilder builder, DiscoveryConfig config,
                                            PodSource source, RecordMetrics metrics, SlotPartitionsCheck topics) {
        return DiscoveryProcessor.topology().build(builder, () -> new DiscoveryProcessor(source, config, metrics));
    }
}
