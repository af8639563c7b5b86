package io.postflight.gateway.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The HTTP intake's meters: {@code postflight.intake.http.accepted{format}} per deploy event
 * written, {@code postflight.intake.http.refused{reason}} per refused request, one reason each
 * ({@link Refusal#tag()}).
 */
public final class IntakeMetrics {
    private final MeterRegistry registry;

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void accepted(String format) {
        Counter.builder("postflight.intake.http.accepted").description("deploy events accepted over HTTP")
                .tag("format", format).register(registry).increment();
    }

    void refused(Refusal refusal) {
        Counter.builder("postflight.intake.http.refused").description("HTTP intake requests refused, by reason")
                .tag("reason", refusal.tag()).register(registry).increment();
    }

    /** Count so far of {@code refusal} (tests, the launcher). */
    public double refusedCount(Refusal refusal) {
        Counter c = registry.find("postflight.intake.http.refused").tag("reason", refusal.tag()).counter();
        return c == null ? 0 : c.count();
    }
}
