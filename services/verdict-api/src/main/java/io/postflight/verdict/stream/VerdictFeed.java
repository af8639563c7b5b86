package io.postflight.verdict.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.postflight.contracts.Verdict;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Predicate;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Verdict changes as they reach this instance's global store, for the Server-Sent Events stream.
 * Each subscriber has its own buffer of {@code maxBuffered} changes: the store's thread only
 * offers (never blocks, never waits for a client), and a client that falls that far behind is
 * dropped: unsubscribed from the feed at once (counted in {@code postflight.api.stream.dropped}),
 * its stream ending with an overflow error once it has read what was buffered, while the others go on.
 */
public final class VerdictFeed {
    private final Set<FluxSink<Verdict>> sinks = new CopyOnWriteArraySet<>();
    private final int maxBuffered;
    private final Counter dropped;

    public VerdictFeed(int maxBuffered, MeterRegistry registry) {
        this.maxBuffered = maxBuffered;
        this.dropped = Counter.builder("postflight.api.stream.dropped")
                .description("verdict stream clients dropped for falling behind").register(registry);
        registry.gauge("postflight.api.stream.clients", sinks, Set::size);
    }

    /** Offers a change to every subscriber; returns at once. */
    public void publish(Verdict verdict) {
        for (FluxSink<Verdict> sink : sinks) {
            sink.next(verdict);
        }
    }

    /** The changes {@code filter} keeps, from now on. */
    public Flux<Verdict> subscribe(Predicate<Verdict> filter) {
        return Flux.<Verdict>create(sink -> {
            sinks.add(sink);
            sink.onDispose(() -> sinks.remove(sink));
        }, FluxSink.OverflowStrategy.BUFFER)
                .filter(filter)
                .onBackpressureBuffer(maxBuffered, v -> dropped.increment(), BufferOverflowStrategy.ERROR);
    }

    /** Subscribers now (tests). */
    public int subscribers() {
        return sinks.size();
    }
}
