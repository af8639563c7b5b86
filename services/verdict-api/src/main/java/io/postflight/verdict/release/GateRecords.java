package io.postflight.verdict.release;

import io.postflight.contracts.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the approvals and emergency exceptions from this instance's global store. A value that
 * cannot be read is skipped (logged): it grants nothing.
 */
public final class GateRecords {
    private static final Logger LOG = LoggerFactory.getLogger(GateRecords.class);
    private final Supplier<ReadOnlyKeyValueStore<String, byte[]>> store;

    /**
     * @param store the global store; throws {@link org.apache.kafka.streams.errors.InvalidStateStoreException}
     *     while Kafka Streams is not running
     */
    public GateRecords(Supplier<ReadOnlyKeyValueStore<String, byte[]>> store) {
        this.store = store;
    }

    /** Every record of {@code service} in {@code environment} (or in every environment), whether it holds now or not. */
    public List<GateRecord> of(String service, String environment) {
        List<GateRecord> found = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.get().all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> e = all.next();
                GateRecord r = read(e.key, e.value);
                if (r != null && r.service().equals(service) && (r.environment().equals(environment)
                        || r.environment().equals(GateRecord.EVERY_ENVIRONMENT))) {
                    found.add(r);
                }
            }
        }
        return found;
    }

    /**
     * The record stored under {@code key}, or {@code null} when it is not one the gate may use: not
     * JSON, a field missing, an unknown kind, or a key that is not its own {@code kind:id} (written by
     * something other than the API).
     */
    static GateRecord read(String key, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            GateRecord r = Json.MAPPER.readValue(bytes, GateRecord.class);
            if (r.complete() && r.key().equals(key)) {
                return r;
            }
            LOG.warn("gate record {} incomplete or not under its own key, left out", key);
        } catch (IOException | RuntimeException e) {
            LOG.warn("gate record {} not readable, left out: {}", key, e.getMessage());
        }
        return null;
    }
}
