package io.postflight.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * When each verification of one task is next due, in memory: a tick takes only what is due, in
 * due order, instead of reading and decoding the whole store. Rebuilt from the store whenever the
 * task starts (process start, rebalance, take-over), so it holds nothing the store does not.
 * Used on the stream thread only.
 */
final class DueIndex {
    private record Entry(long dueMillis, String slot) {
    }

    private final NavigableSet<Entry> byDue = new TreeSet<>((a, b) -> a.dueMillis != b.dueMillis
            ? Long.compare(a.dueMillis, b.dueMillis) : a.slot.compareTo(b.slot));
    private final Map<String, Long> dueBySlot = new HashMap<>();

    /** Sets (or moves) {@code slot}'s next due time. */
    void schedule(String slot, long dueMillis) {
        Long old = dueBySlot.put(slot, dueMillis);
        if (old != null) {
            byDue.remove(new Entry(old, slot));
        }
        byDue.add(new Entry(dueMillis, slot));
    }

    /** Forgets {@code slot} (its verification ended, or its round is running). */
    void remove(String slot) {
        Long old = dueBySlot.remove(slot);
        if (old != null) {
            byDue.remove(new Entry(old, slot));
        }
    }

    /**
     * Takes at most {@code max} slots due at {@code nowMillis}, earliest first, out of the index: a
     * slot taken is not due again until it is scheduled again.
     */
    List<String> takeDue(long nowMillis, int max) {
        List<String> due = new ArrayList<>();
        while (due.size() < max && !byDue.isEmpty() && byDue.first().dueMillis <= nowMillis) {
            Entry e = byDue.pollFirst();
            dueBySlot.remove(e.slot);
            due.add(e.slot);
        }
        return due;
    }

    /** Whether {@code slot} is waiting in the index (not taken, not removed). */
    boolean contains(String slot) {
        return dueBySlot.containsKey(slot);
    }

    /** Whether any slot is due at {@code nowMillis} and not taken yet. */
    boolean anyDue(long nowMillis) {
        return !byDue.isEmpty() && byDue.first().dueMillis <= nowMillis;
    }

    int size() {
        return dueBySlot.size();
    }

    void clear() {
        byDue.clear();
        dueBySlot.clear();
    }
}
