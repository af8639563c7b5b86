package io.postflight.provider.scrape;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The memory of a {@link ScrapeMetricsProvider}, owned by its caller: the last reading of each
 * instance of each version (to turn counters into increases) and the intervals scraped within
 * the retention, which queries read. Thread-safe. Versions are keyed
 * {@code "service/environment/version"}.
 */
public final class ScrapeState {

    private final Duration retention;
    private final Map<String, InstanceReading> lastReadings = new HashMap<>();
    private final Map<String, Deque<IntervalIncrease>> intervals = new HashMap<>();
    private final Map<String, String> failures = new HashMap<>();
    private final Map<String, String> refused = new HashMap<>();

    public ScrapeState(Duration retention) {
        this.retention = retention;
    }

    /**
     * Stores {@code reading} of {@code instance} and returns the interval it closes, or
     * {@code null} when the reading is not newer than the last one stored (two overlapping
     * scrapes): taking it would look like a counter reset.
     */
    public synchronized IntervalIncrease record(String versionKey, URI instance, InstanceReading reading) {
        String readingKey = versionKey + " " + instance;
        InstanceReading previous = lastReadings.get(readingKey);
        if (previous != null && reading.atMillis() <= previous.atMillis()) {
            return null;
        }
        IntervalIncrease interval = IntervalIncrease.between(instance.toString(), previous, reading);
        lastReadings.put(readingKey, reading);
        Deque<IntervalIncrease> history = intervals.computeIfAbsent(versionKey, k -> new ArrayDeque<>());
        history.addLast(interval);
        long oldest = reading.atMillis() - retention.toMillis();
        while (!history.isEmpty() && history.peekFirst().endMillis() < oldest) {
            history.removeFirst();
        }
        failures.remove(versionKey);
        return interval;
    }

    /** Notes that no instance of the version could be scraped; cleared by the next success. */
    public synchronized void recordFailure(String versionKey, String message) {
        failures.put(versionKey, message);
    }

    /**
     * Notes instances of the version that are never scraped because their URL was refused; kept
     * until the version is forgotten and told with every failure, so the phase result says why.
     */
    public synchronized void noteRefused(String versionKey, String message) {
        refused.put(versionKey, message);
    }

    /** The failure since the last successful scrape of the version (with refused instances), if any. */
    public synchronized Optional<String> failureSinceLastSuccess(String versionKey) {
        String failure = failures.get(versionKey);
        String refusal = refused.get(versionKey);
        if (refusal == null) {
            return Optional.ofNullable(failure);
        }
        if (failure == null) {
            return intervals.containsKey(versionKey) ? Optional.empty() : Optional.of(refusal);
        }
        return Optional.of(failure + "; " + refusal);
    }

    /** Whether any instance of the version was ever scraped successfully. */
    public synchronized boolean seen(String versionKey) {
        return intervals.containsKey(versionKey);
    }

    /** Intervals of the version ending in {@code [fromMillis, toMillis)}, oldest first. */
    public synchronized List<IntervalIncrease> intervals(String versionKey, long fromMillis, long toMillis) {
        return intervals.getOrDefault(versionKey, new ArrayDeque<>()).stream()
                .filter(i -> i.endMillis() >= fromMillis && i.endMillis() < toMillis)
                .toList();
    }

    /** Drops everything known about the version (after it is gone). */
    public synchronized void forget(String versionKey) {
        intervals.remove(versionKey);
        failures.remove(versionKey);
        refused.remove(versionKey);
        lastReadings.keySet().removeIf(k -> k.startsWith(versionKey + " "));
    }
}
