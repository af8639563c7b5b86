package io.postflight.gateway.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.postflight.gateway.GatewayApplication;
import io.postflight.httpkit.RefusalCounter;
import jakarta.inject.Singleton;

/**
 * The HTTP intake's meters: {@code postflight.intake.http.accepted{format}} per deploy event
 * written, {@code postflight.intake.http.refused{reason}} per refused request, one reason each
 * ({@link Refusal#tag()}); for overrides {@code postflight.overrides.http.refused{reason}} and
 * {@code postflight.overrides.http.answered{outcome}}.
 */
@Singleton
@Requires(env = GatewayApplication.ENVIRONMENT)
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

    /** An override request refused ({@code postflight.overrides.http.refused{reason}}). */
    void overrideRefused(Refusal refusal) {
        Counter.builder("postflight.overrides.http.refused").description("override requests refused, by reason")
                .tag("reason", refusal.tag()).register(registry).increment();
    }

    /** An override request answered after the broker acknowledged it: {@code applied}, {@code refused}, {@code pending}. */
    void overrideAnswered(String outcome) {
        Counter.builder("postflight.overrides.http.answered").description("override requests written, by answer")
                .tag("outcome", outcome).register(registry).increment();
    }

    /** Count so far of override requests refused for {@code refusal} (tests, the launcher). */
    public double overrideRefusedCount(Refusal refusal) {
        Counter c = registry.find("postflight.overrides.http.refused").tag("reason", refusal.tag()).counter();
        return c == null ? 0 : c.count();
    }

    /** Count so far of {@code refusal} (tests, the launcher). */
    public double refusedCount(Refusal refusal) {
        return refusals.count(refusal.tag());
    }
}
