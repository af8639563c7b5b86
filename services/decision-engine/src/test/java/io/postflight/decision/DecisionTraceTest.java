package io.postflight.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Json;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
import io.postflight.kafka.RecordMetrics;
import io.postflight.tracing.Tracing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decision joins the verification's trace (ADR 0026) even when the result that triggers it came
 * without a trace context (a verifier that writes from a punctuator): the slot keeps the
 * verification's context. A slot stored before tracing still reads.
 */
class DecisionTraceTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String INTAKE_SPAN = "00f067aa0ba902b7";
    private final MockProcessorContext<String, Outgoing> context = new MockProcessorContext<>();
    private final List<ReadableSpan> ended = new CopyOnWriteArrayList<>();
    private OpenTelemetrySdk sdk;
    private KeyValueStore<String, SlotState> store;
    private DecisionProcessor processor;

    @BeforeEach
    void setUp() {
        context.setCurrentSystemTimeMs(T0.toEpochMilli());
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DecisionProcessor.STORE), Serdes.String(),
                JsonSerde.of(SlotState.class)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(new Collecting()).build()).build();
        processor = new DecisionProcessor(Duration.ofHours(2), Duration.ofHours(30),
                new RecordMetrics(new SimpleMeterRegistry()), new Tracing(sdk, sdk::close));
        processor.init(context);
    }

    @AfterEach
    void tearDown() {
        sdk.close();
    }

    @Test
    void aDecisionOnAResultWithoutTraceContextJoinsTheVerificationsTrace() {
        DeploymentRef d = new DeploymentRef("dep-1", "checkout", "prod", "2.0", null, "1.0");
        VerificationStarted v = new VerificationStarted(null, d, DeployAction.DEPLOYED, List.of(),
                List.of(Phase.BASELINE), T0, new EventRef("ev-1", "/cd", "t", T0));
        RecordHeaders traced = new RecordHeaders();
        traced.add("traceparent", ("00-" + TRACE + "-" + INTAKE_SPAN + "-01").getBytes(StandardCharsets.UTF_8));
        context.setRecordMetadata(Topics.VERIFICATIONS.name(), 0, 0);
        processor.process(new Record<>(d.slot(), JsonSerde.toBytes(v), T0.toEpochMilli(), traced));
        assertThat(store.get(d.slot()).traceparent()).contains(TRACE);

        context.setRecordMetadata(Topics.PHASE_RESULTS.name(), 0, 0);
        processor.process(new Record<>(d.slot(), JsonSerde.toBytes(new PhaseResult(null, d, Phase.BASELINE,
                PhaseOutcome.FAILED, "error rate up", List.of(), T0, T0.plusSeconds(60), v.deployEvent())),
                T0.toEpochMilli()));

        assertThat(ended).extracting(ReadableSpan::getName).containsExactly(DecisionProcessor.SPAN);
        var decision = ended.get(0).toSpanData();
        assertThat(decision.getTraceId()).isEqualTo(TRACE);
        assertThat(decision.getParentSpanId()).isEqualTo(INTAKE_SPAN);
        assertThat(decision.getAttributes().get(Tracing.DEPLOYMENT_ID)).isEqualTo("dep-1");
        assertThat(Context.current()).isSameAs(Context.root());
    }

    @Test
    void aSlotStoredBeforeTracingReadsWithoutATraceContext() throws Exception {
        DeploymentRef d = new DeploymentRef("dep-2", "checkout", "prod", "2.0", null, "1.0");
        SlotState now = new SlotState(d, new EventRef("ev-2", "/cd", "t", T0), List.of(Phase.HEALTH), null,
                null, null, T0, null, null, "00-" + TRACE + "-" + INTAKE_SPAN + "-01");
        ObjectNode old = (ObjectNode) Json.MAPPER.valueToTree(now);
        old.remove("traceparent");
        SlotState read = Json.MAPPER.treeToValue(old, SlotState.class);
        assertThat(read.traceparent()).isNull();
        assertThat(read.deploymentId()).isEqualTo("dep-2");
        assertThat(Json.MAPPER.treeToValue(Json.MAPPER.valueToTree(now), SlotState.class)).isEqualTo(now);
    }

    private final class Collecting implements SpanProcessor {
        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            ended.add(span);
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }
    }
}
