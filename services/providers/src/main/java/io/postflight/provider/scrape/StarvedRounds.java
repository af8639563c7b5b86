package io.postflight.provider.scrape;

import io.postflight.resilience.StarvationWatch;
import java.time.Clock;
import java.time.Duration;

/**
 * The rounds of one version's scrape schedule, telling apart the spans in which the verifier
 * itself could not scrape on time: after each round, when the round ran later than its interval
 * allows or the {@link StarvationWatch} saw the verifier starved since the previous round, the span
 * between the two is noted in the {@link ScrapeState}. A reading missing in such a span says
 * nothing about the version. Used by one scheduled task at a time.
 */
final class StarvedRounds {
    private final String key;
    private final ScrapeState state;
    private final StarvationWatch watch;
    private final long intervalNanos;
    private final Clock clock;
    private long lastNanos = System.nanoTime();
    private long lastMillis;

    StarvedRounds(String key, ScrapeState state, StarvationWatch watch, Duration interval, Clock clock) {
        this.key = key;
        this.state = state;
        this.watch = watch;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
        this.lastMillis = clock.millis();
    }

    /** After a round: notes the span since the previous one when the verifier was starved in it. */
    void ran() {
        long nowNanos = System.nanoTime();
        long nowMillis = clock.millis();
        boolean late = nowNanos - lastNanos > intervalNanos + watch.thresholdNanos();
        if (late || watch.starvedSince(lastNanos)) {
            state.noteStarved(key, lastMillis, nowMillis);
        }
        lastNanos = nowNanos;
        lastMillis = nowMillis;
    }
}
