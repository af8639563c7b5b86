package io.postflight.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.configuration.kafka.streams.event.BeforeKafkaStreamStart;
import io.micronaut.context.event.ApplicationEventListener;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a restore of local state from its changelog visible. After a lost volume (a pod rescheduled
 * on an empty disk, a wiped state folder) Kafka Streams rebuilds every store from its changelog
 * before the service processes again; on a large store that takes a while, and the operator needs
 * to tell "restoring" from "stuck". Each restore is logged when it starts and ends (store,
 * partition, records, time) and measured: {@code postflight.state.restored.records} (records
 * replayed, per store), {@code postflight.state.restore.duration} (per store, one sample per partition restored) and
 * {@code postflight.state.restoring} (store partitions being restored now). Kafka Streams takes
 * one such listener per client; this is it.
 */
@Singleton
public class StateRestores implements ApplicationEventListener<BeforeKafkaStreamStart>, StateRestoreListener {
    private static final Logger LOG = LoggerFactory.getLogger(StateRestores.class);

    private final MeterRegistry registry;
    private final AtomicInteger restoring = new AtomicInteger();
    private final Map<TopicPartition, Long> startedNanos = new ConcurrentHashMap<>();

    public StateRestores(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("postflight.state.restoring", restoring);
    }

    @Override
    public void onApplicationEvent(BeforeKafkaStreamStart event) {
        event.getKafkaStreams().setGlobalStateRestoreListener(this);
    }

    @Override
    public void onRestoreStart(TopicPartition changelog, String store, long startingOffset, long endingOffset) {
        startedNanos.put(changelog, System.nanoTime());
        restoring.incrementAndGet();
        LOG.info("restoring store {} partition {} from its changelog {}: offsets {} to {}",
                store, changelog.partition(), changelog.topic(), startingOffset, endingOffset);
    }

    @Override
    public void onBatchRestored(TopicPartition changelog, String store, long batchEndOffset, long restored) {
        restoredRecords(store).increment(restored);
    }

    @Override
    public void onRestoreEnd(TopicPartition changelog, String store, long totalRestored) {
        Duration took = finished(changelog);
        Timer.builder("postflight.state.restore.duration").description("restores of a store partition")
                .tag("store", store).register(registry).record(took);
        LOG.info("restored store {} partition {}: {} records in {} ms",
                store, changelog.partition(), totalRestored, took.toMillis());
    }

    @Override
    public void onRestoreSuspended(TopicPartition changelog, String store, long totalRestored) {
        // The partition moved to another instance mid-restore (a rebalance); that one restores it.
        finished(changelog);
        LOG.info("restore of store {} partition {} suspended after {} records (partition reassigned)",
                store, changelog.partition(), totalRestored);
    }

    private Duration finished(TopicPartition changelog) {
        Long started = startedNanos.remove(changelog);
        if (started == null) {
            return Duration.ZERO;
        }
        restoring.decrementAndGet();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private Counter restoredRecords(String store) {
        return Counter.builder("postflight.state.restored.records")
                .description("records replayed from changelogs into local stores")
                .tag("store", store).register(registry);
    }
}
