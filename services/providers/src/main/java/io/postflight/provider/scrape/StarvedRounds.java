package io.postflight.provider.scrape;

import io.postflight.resilience.StarvationWatch;
import java.time.Clock;
import java.time.Duration;

/**
 * The rounds of one version's scrape schedule, telling apart the spans in which the verifier
 * itself could not scrape on time. After each round, the span since the previous round is noted
 * in the {@link ScrapeState} as starved when the {@link StarvationWatch} saw the verifier starved
 * in it, or when the round started late: later than the watch's threshold after it was due, and
 * after the previous round had ended (a round held up by a hanging instance delays the next one,
 * and that is the instance's doing, not the verifier's). A reading missing in such a span says
 * nothing about the version.
 *
 * <p>The first round is due when the version's reading was asked for ({@code dueMillis}, the
 * verification's start on the gateway's clock for a deployment). When it starts later than one
 * scrape interval (or the watch's threshold, if longer) after that, the verifier took that long to
 * get to the version (its intake was starved, or it restarted and lost what it had read): the span
 * from the due time to the end of the first round is noted as starved too. A version whose reading
 * was asked for only now is not late. Used by one scheduled task at a time.
 */
final class StarvedRounds {
    private final String key;
    private final ScrapeState state;
    private final StarvationWatch watch;
    private final long intervalNanos;
    private final Clock clock;
    private long dueNanos = System.nanoTime();
    private long lastNanos = dueNanos;
    private long lastMillis;
    private boolean startedLate;
    private boolean first = true;

    StarvedRounds(String key, ScrapeState state, StarvationWatch watch, Duration interval, Clock clock) {
        this(key, state, watch, interval, clock, clock.millis());
    }

    /** As above, the first round due at {@code dueMillis} (epoch milliseconds on {@code clock}). */
    StarvedRounds(String key, ScrapeState state, StarvationWatch watch, Duration interval, Clock clock,
                  long dueMillis) {
        this.key = key;
        this.state = state;
        this.watch = watch;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
        this.lastMillis = Math.min(dueMillis, clock.millis());
    }

    /** Before a round: did it start late, though nothing of its own held it up? */
    void starting() {
        long nowNanos = System.nanoTime();
        if (first) {
            // Wall clock: the due time came from another process (the gateway's start of the verification).
            long lateMillis = clock.millis() - lastMillis;
            startedLate = lateMillis * 1_000_000 >= Math.max(intervalNanos, watch.thresholdNanos());
            first = false;
        } else {
            long expected = Math.max(dueNanos, lastNanos);
            startedLate = nowNanos - expected >= watch.thresholdNanos();
        }
        dueNanos += intervalNanos;
    }

    /** After a round: notes the span since the previous one when the verifier was starved in it. */
    void ran() {
        long nowNanos = System.nanoTime();
        long nowMillis = clock.millis();
        if (startedLate || watch.starvedSince(lastNanos)) {
            state.noteStarved(key, lastMillis, nowMillis);
        }
        startedLate = false;
        lastNanos = nowNanos;
        lastMillis = nowMillis;
    }
}
