package io.postflight.verdict.gate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.postflight.verdict.VerdictApiApplication;
import jakarta.inject.Singleton;

/**
 * {@code postflight.api.gate.answers{tool,hook,decision}}: one count per gate answer. Refusals are
 * counted with the API's others, in {@code postflight.api.http.refused{reason}}.
 */
@Singleton
@Requires(env = VerdictApiApplication.ENVIRONMENT)
public class GateMetrics {
    // The name is written out where the meter is built: DocumentedMetricsTest finds meters by it.
    static final String ANSWERS = "postflight.api.gate.answers";
    private final MeterRegistry registry;

    public GateMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void answered(String tool, String hook, GateDecision decision) {
        Counter.builder("postflight.api.gate.answers").description("gate answers to delivery tools, by tool, hook and decision")
                .tag("tool", tool).tag("hook", hook).tag("decision", decision.wire()).register(registry).increment();
    }

    /** Count so far (tests). */
    public double answered(String tool, String hook, String decision) {
        Counter c = registry.find(ANSWERS).tag("tool", tool).tag("hook", hook).tag("decision", decision).counter();
        return c == null ? 0 : c.count();
    }
}
