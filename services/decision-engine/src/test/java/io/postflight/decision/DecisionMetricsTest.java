package io.postflight.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
import io.postflight.kafka.RecordMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decision engine's SLO measures (deploy/prometheus/alerts.yml, group postflight.slo), under the
 * names Prometheus scrapes: decisions by cause, and phase result → decision latency in the buckets
 * the latency SLO reads.
 */
class DecisionMetricsTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final Duration SILENCE = Duration.ofHours(2);
    private final MockProcessorContext<String, Outgoing> context = new MockProcessorContext<>();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private DecisionProcessor processor;

    @BeforeEach
    void setUp() {
        context.setCurrentSystemTimeMs(T0.toEpochMilli());
        KeyValueStore<String, SlotState> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(DecisionProcessor.STORE), Serdes.String(), JsonSerde.of(SlotState.class))
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        KeyValueStore<String, AuditRecord> overrides = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(DecisionProcessor.OVERRIDES_STORE), Serdes.String(),
                JsonSerde.of(AuditRecord.class)).withLoggingDisabled().build();
        overrides.init(context.getStateStoreContext(), overrides);
        context.addStateStore(overrides);
        processor = new DecisionProcessor(SILENCE, Duration.ofHours(30), new RecordMetrics(registry));
        processor.init(context);
    }

    private VerificationStarted started(String service) {
        DeploymentRef d = new DeploymentRef("dep-" + service, service, "prod", "2.0", null, "1.0");
        VerificationStarted v = new VerificationStarted(null, d, DeployAction.DEPLOYED, List.of(),
                List.of(Phase.HEALTH), T0, new EventRef("ev-" + service, "/cd", "t", T0));
        process(Topics.VERIFICATIONS.name(), d.slot(), v);
        return v;
    }

    private void process(String topic, String slot, Object value) {
        context.setRecordMetadata(topic, 0, 0);
        processor.process(new Record<>(slot, JsonSerde.toBytes(value), context.currentSystemTimeMs()));
    }

    @Test
    void aDecisionOnEvidenceRecordsItsLatencyFromThePhaseResultAndAWatchdogHoldIsCountedApart() {
        VerificationStarted decided = started("decided");
        started("silent");

        // The result was published 2 s before the engine reads it.
        context.setCurrentSystemTimeMs(T0.plusSeconds(62).toEpochMilli());
        process(Topics.PHASE_RESULTS.name(), decided.deployment().slot(), new PhaseResult(null,
                decided.deployment(), Phase.HEALTH, PhaseOutcome.PASSED, "ok", List.of(), T0, T0.plusSeconds(60),
                decided.deployEvent()));
        // Long after the silence timeout, the watchdog holds the other one.
        long later = T0.plus(SILENCE).plus(Duration.ofMinutes(15)).toEpochMilli();
        context.setCurrentSystemTimeMs(later);
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(later));

        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("postflight_decisions_total{cause=\"evidence\",kind=\"PROMOTE\",post_promotion=\"false\"} 1")
                .contains("postflight_decisions_total{cause=\"watchdog\",kind=\"HOLD\",post_promotion=\"false\"} 1")
                .contains("postflight_decision_latency_seconds_count 1")
                .contains("postflight_decision_latency_seconds_bucket{le=\"1.0\"} 0")
                .contains("postflight_decision_latency_seconds_bucket{le=\"5.0\"} 1");
    }
}
