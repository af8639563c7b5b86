package io.postflight.provider.scrape;

import io.postflight.resilience.StarvationWatch;
import java.time.Clock;

/**
 * The rounds of one version's scrape schedule, telling apart the spans in which the verifier
 * itself could not scrape on time: after each round, when the {@link StarvationWatch} saw the
 * verifier starved since the previous round, the span between the two is noted in the
 * {@link ScrapeState}. A reading missing in such a span says nothing about the version. The watch
 * alone decides, not the rounds' own lateness: a round held up by a hanging instance is late too,
 * and that is the instance's doing. Used by one scheduled task at a time.
 */
final class StarvedRounds {
    private final String key;
    private final ScrapeState state;
    private final StarvationWatch watch;
    private final Clock clock;
    private long lastNanos = System.nanoTime();
    private long lastMillis;

    StarvedRounds(String key, ScrapeState state, StarvationWatch watch, Clock clock) {
        this.key = key;
        this.state = state;
        this.watch = watch;
        this.clock = clock;
        this.lastMillis = clock.millis();
    }

    /** After a round: notes the span since the previous one when the verifier was starved in it. */
    void ran() {
        long nowNanos = System.nanoTime();
        long nowMillis = clock.millis();
        if (watch.starvedSince(lastNanos)) {
            state.noteStarved(key, lastMillis, nowMillis);
        }
        lastNanos = nowNanos;
        lastMillis = nowMillis;
    }
}
