package io.postflight.gateway.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.postflight.httpkit.RefusalCounter;

/**
 * The HTTP intake's meters: {@code postflight.intake.http.accepted{format}} per deploy event
 * written, {@code postflight.intake.http.refused{reason}} per refused request, one reason each
 * ({@link Refusal#tag()}).
 */
public final class IntakeMetrics {
    private final MeterRegistry registry;
    private final RefusalCounter refusals;

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.refusals = new RefusalCounter(registry, "postflight.intake.http.refused",
                "HTTP intake requests refused, by reason");
    }

    void accepted(String format) {
        Counter.builder("postflight.intake.http.accepted").description("deploy events accepted over HTTP")
                .tag("format", format).register(registry).increment();
    }

    void refused(Refusal refusal) {
        refusals.refused(refusal.tag());
    }

    /** Count so far of {@code refusal} (tests, the launcher). */
    public double refusedCount(Refusal refusal) {
        return refusals.count(refusal.tag());
    }
}
