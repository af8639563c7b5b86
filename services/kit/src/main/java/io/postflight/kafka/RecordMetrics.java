package io.postflight.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The service-level meters Postflight exports (besides Kafka Streams' own client metrics, which
 * include consumer lag): records consumed and dead-lettered, decisions by outcome, probes.
 */
@Singleton
public class RecordMetrics {
    private final MeterRegistry registry;

    public RecordMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void consumed(String consumer, String topic) {
        Counter.builder("postflight.records.consumed").description("records read from a topic")
                .tag("consumer", consumer).tag("topic", topic).register(registry).increment();
    }

    public void deadLettered(String consumer, String reason) {
        Counter.builder("postflight.records.deadlettered").description("records sent to the dead-letter topic")
                .tag("consumer", consumer).tag("reason", reason).register(registry).increment();
    }

    public void duplicate(String consumer) {
        Counter.builder("postflight.records.duplicates").description("re-delivered records ignored")
                .tag("consumer", consumer).register(registry).increment();
    }

    public void ignored(String consumer, String why) {
        Counter.builder("postflight.records.ignored").description("records that no longer apply (stale, superseded)")
                .tag("consumer", consumer).tag("why", why).register(registry).increment();
    }

    public void phaseResult(String phase, String outcome) {
        Counter.builder("postflight.phase.results").description("phase results published")
                .tag("phase", phase).tag("outcome", outcome).register(registry).increment();
    }

    public void decision(String kind, boolean postPromotion) {
        Counter.builder("postflight.decisions").description("decisions published")
                .tag("kind", kind).tag("post_promotion", String.valueOf(postPromotion)).register(registry).increment();
    }

    public void probe(String outcome, Duration latency) {
        Timer.builder("postflight.probe.latency").description("health probe round latency per instance")
                .tag("outcome", outcome).publishPercentileHistogram().register(registry).record(latency);
        if (!"healthy".equals(outcome)) {
            Counter.builder("postflight.probe.errors").description("probes that found an instance unhealthy or unreachable")
                    .tag("outcome", outcome).register(registry).increment();
        }
    }

    public MeterRegistry registry() {
        return registry;
    }
}
