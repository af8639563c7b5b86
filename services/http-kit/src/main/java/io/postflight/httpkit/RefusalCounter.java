package io.postflight.httpkit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One counter of refused requests per surface, tagged by {@code reason} (the problem's reason):
 * every refusal counted once, whatever refused it.
 */
public final class RefusalCounter {
    private final MeterRegistry registry;
    private final String name;
    private final String description;

    /** @param name the meter, e.g. {@code postflight.intake.http.refused} */
    public RefusalCounter(MeterRegistry registry, String name, String description) {
        this.registry = registry;
        this.name = name;
        this.description = description;
    }

    public void refused(String reason) {
        Counter.builder(name).description(description).tag("reason", reason).register(registry).increment();
    }

    /** Count so far of {@code reason} (tests, the launcher). */
    public double count(String reason) {
        Counter c = registry.find(name).tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }
}
