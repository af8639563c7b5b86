package io.postflight.verdict.stream;

import io.postflight.contracts.Json;
import io.postflight.verdict.history.DeploymentHistory;
import io.postflight.verdict.history.DeploymentPage;
import io.postflight.verdict.history.DeploymentQuery;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads histories from this instance's global store: a deployment by id, a slot's newest
 * deployment, a page of a filtered list. Every instance holds every history, so no request is
 * forwarded. A value that cannot be read is skipped (logged), never a failed request.
 */
public final class HistoryView {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryView.class);
    private final Supplier<ReadOnlyKeyValueStore<String, byte[]>> store;

    /**
     * @param store the global store; throws {@link org.apache.kafka.streams.errors.InvalidStateStoreException}
     *     while Kafka Streams is not running
     */
    public HistoryView(Supplier<ReadOnlyKeyValueStore<String, byte[]>> store) {
        this.store = store;
    }

    public Optional<DeploymentHistory> deployment(String deploymentId) {
        return Optional.ofNullable(read(store.get().get(HistoryKeys.deployment(deploymentId))));
    }

    public Optional<DeploymentHistory> slot(String slot) {
        return Optional.ofNullable(read(store.get().get(HistoryKeys.slot(slot))));
    }

    public DeploymentPage page(DeploymentQuery query) {
        return scan(query::page);
    }

    /**
     * What {@code reader} makes of every history, read one at a time from the store while it runs
     * (the store's iterator is closed after): a page of a list, or the overdue ones of them all.
     */
    public <T> T scan(java.util.function.Function<Iterable<DeploymentHistory>, T> reader) {
        try (KeyValueIterator<String, byte[]> all = store.get().prefixScan(HistoryKeys.DEPLOYMENT,
                new StringSerializer())) {
            return reader.apply(() -> histories(all));
        }
    }

    private static Iterator<DeploymentHistory> histories(KeyValueIterator<String, byte[]> all) {
        return new Iterator<>() {
            private DeploymentHistory next = advance();

            private DeploymentHistory advance() {
                while (all.hasNext()) {
                    KeyValue<String, byte[]> e = all.next();
                    DeploymentHistory h = read(e.value);
                    if (h != null) {
                        return h;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public DeploymentHistory next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                DeploymentHistory h = next;
                next = advance();
                return h;
            }
        };
    }

    private static DeploymentHistory read(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(bytes, DeploymentHistory.class);
        } catch (IOException | RuntimeException e) {
            LOG.warn("history record not readable, left out: {}", e.getMessage());
            return null;
        }
    }
}
