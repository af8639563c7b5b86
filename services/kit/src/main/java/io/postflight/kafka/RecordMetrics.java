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

    /** A record Kafka refused to take from a processor and that was skipped ({@link UnwritableRecordHandler}). */
    public void unwritable(String topic, String why) {
        Counter.builder("postflight.records.unwritable").description("produced records Kafka refused, skipped")
                .tag("topic", topic).tag("why", why).register(registry).increment();
    }

    /** A stream thread died (see {@code StreamThreadFailures}). */
    public void streamThreadFailed() {
        streamThreadFailures().increment();
    }

    /** Stream threads that died; registered at start-up so that an alert sees it at zero first. */
    public Counter streamThreadFailures() {
        return Counter.builder("postflight.streams.thread.failures").description("stream threads that died")
                .register(registry);
    }

    public void duplicate(String consumer) {
        Counter.builder("postflight.records.duplicates").description("re-delivered records ignored")
                .tag("consumer", consumer).register(registry).increment();
    }

    public void ignored(String consumer, String why) {
        Counter.builder("postflight.records.ignored").description("records that no longer apply (stale, superseded)")
                .tag("consumer", consumer).tag("why", why).register(registry).increment();
    }

    /** A decision brought by a phase result. */
    public static final String EVIDENCE = "evidence";
    /** A HOLD by the decision engine's watchdog: a verifier stopped reporting. */
    public static final String WATCHDOG = "watchdog";
    /** A decision an operator's override made. */
    public static final String OVERRIDE = "override";

    /** An override applied or refused ({@code outcome} {@code applied} / {@code refused}) by the decision engine. */
    public void override(String action, String outcome) {
        Counter.builder("postflight.overrides").description("operators' overrides applied or refused")
                .tag("action", action).tag("outcome", outcome).register(registry).increment();
    }

    public void phaseResult(String phase, String outcome) {
        Counter.builder("postflight.phase.results").description("phase results published")
                .tag("phase", phase).tag("outcome", outcome).register(registry).increment();
    }

    /** A decision published; {@code cause}: {@link #EVIDENCE} (a phase result), {@link #WATCHDOG} (silence) or {@link #OVERRIDE}. */
    public void decision(String kind, boolean postPromotion, String cause) {
        Counter.builder("postflight.decisions").description("decisions published")
                .tag("kind", kind).tag("post_promotion", String.valueOf(postPromotion)).tag("cause", cause)
                .register(registry).increment();
    }

    /**
     * From a phase result's publication (the verifier's clock) to the decision it brought (the
     * engine's): the latency SLO's measure. The buckets are the thresholds an SLO may be set at.
     */
    public void decisionLatency(Duration sinceEvidence) {
        Timer.builder("postflight.decision.latency")
                .description("phase result published to decision made")
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
                        Duration.ofSeconds(5), Duration.ofSeconds(30))
                .register(registry).record(sinceEvidence.isNegative() ? Duration.ZERO : sinceEvidence);
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
