package io.postflight.decision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The cleanup rule of {@code decision-slots}: a slot's record is deleted once nothing happened to
 * it (no start, no decision) for {@code retention}. By then it has its decision (the silence
 * watchdog holds an undecided one long before), and its drift phase, the last thing that can still
 * add a post-promotion ROLLBACK, is over. A later result for a deleted slot is ignored as unknown.
 *
 * <p>Bounded work per tick: each sweep reads at most {@code batch} records, resuming after the last
 * key it read, so a store with millions of slots never holds the stream thread for long.
 */
final class SlotRetention<V> {
    private final Duration retention;
    private final int batch;
    private final Function<V, Instant> lastActivity;
    private String resumeAfter;

    /** The rule of {@code decision-slots}: idle since the slot's start or last decision. */
    static SlotRetention<SlotState> ofSlots(Duration retention, int batch) {
        return new SlotRetention<>(retention, batch, SlotRetention::lastActivity);
    }

    /**
     * The same rule for another store of the engine: {@code decision-overrides} keeps each
     * override id as long as a slot is kept, so that a replay within that time is recognised.
     */
    SlotRetention(Duration retention, int batch, Function<V, Instant> lastActivity) {
        this.retention = retention;
        this.batch = batch;
        this.lastActivity = lastActivity;
    }

    /** Deletes expired records among the next {@code batch} records; returns how many it deleted. */
    int sweep(KeyValueStore<String, V> store, Instant now) {
        List<String> expired = new ArrayList<>();
        String last = null;
        int read = 0;
        try (KeyValueIterator<String, V> it = resumeAfter == null ? store.all()
                : store.range(resumeAfter, null)) {
            while (it.hasNext() && read < batch) {
                KeyValue<String, V> kv = it.next();
                if (kv.key.equals(resumeAfter)) {
                    continue;
                }
                read++;
                last = kv.key;
                if (lastActivity.apply(kv.value).plus(retention).isBefore(now)) {
                    expired.add(kv.key);
                }
            }
            // Reached the end: the next sweep starts from the first key again.
            resumeAfter = it.hasNext() ? last : null;
        }
        expired.forEach(store::delete);
        return expired.size();
    }

    static Instant lastActivity(SlotState s) {
        Instant last = s.startedAt() == null ? Instant.EPOCH : s.startedAt();
        for (var d : s.decisions()) {
            if (d.decidedAt() != null && d.decidedAt().isAfter(last)) {
                last = d.decidedAt();
            }
        }
        return last;
    }
}
