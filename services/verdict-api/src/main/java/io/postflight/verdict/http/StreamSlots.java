package io.postflight.verdict.http;

import io.micronaut.context.annotation.Requires;
import io.postflight.verdict.VerdictApiApplication;
import io.postflight.verdict.VerdictApiConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Verdict streams open now, per token subject, bounded by
 * {@code postflight.verdict-api.max-streams-per-subject}: one leaked or looping client cannot hold
 * every connection of an instance. {@link ReadAccessFilter} refuses a stream over the bound with a
 * counted problem document; {@link VerdictStreamController} takes a slot when a stream starts and
 * gives it back when it ends, however it ends. Per instance.
 */
@Singleton
@Requires(env = VerdictApiApplication.ENVIRONMENT)
public class StreamSlots {
    private final int maxPerSubject;
    private final ConcurrentMap<String, Integer> open = new ConcurrentHashMap<>();

    @Inject
    public StreamSlots(VerdictApiConfig config) {
        this(config.maxStreamsPerSubject());
    }

    StreamSlots(int maxPerSubject) {
        this.maxPerSubject = maxPerSubject;
    }

    /** Whether {@code subject} has no slot left (checked before a stream is served). */
    public boolean full(String subject) {
        return open.getOrDefault(subject, 0) >= maxPerSubject;
    }

    /** Takes a slot for {@code subject}; {@code false} when it has none left. */
    public boolean take(String subject) {
        boolean[] taken = {false};
        open.compute(subject, (s, n) -> {
            int now = n == null ? 0 : n;
            if (now >= maxPerSubject) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** Gives a slot of {@code subject} back; a subject with none open is forgotten. */
    public void release(String subject) {
        open.computeIfPresent(subject, (s, n) -> n <= 1 ? null : n - 1);
    }

    /** Streams open for {@code subject} (tests). */
    int open(String subject) {
        return open.getOrDefault(subject, 0);
    }

    public int maxPerSubject() {
        return maxPerSubject;
    }
}
