package io.postflight.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.kafka.ContractInputs;
import io.postflight.kafka.Outgoing;
import io.postflight.kafka.RecordMetrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The W3C trace context in Kafka headers: read from {@code traceparent} or a CloudEvent's
 * {@code ce_traceparent} or structured {@code traceparent} attribute, written by {@link Outgoing}
 * for what a handler forwards, and never a reason to fail a record when it is missing or malformed.
 */
class TraceHeadersTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE + "-" + SPAN + "-01";

    @Test
    void aTraceparentHeaderIsReadAndWrittenBackUnchanged() {
        Context read = TraceHeaders.extract(headers("traceparent", TRACEPARENT, "tracestate", "vendor=1"));
        assertThat(Span.fromContext(read).getSpanContext().getTraceId()).isEqualTo(TRACE);
        Headers out = headers("traceparent", "00-" + "1".repeat(32) + "-" + "2".repeat(16) + "-01");
        TraceHeaders.inject(read, out);
        assertThat(text(out, "traceparent")).isEqualTo(TRACEPARENT);
        assertThat(out.headers("traceparent")).hasSize(1);
        assertThat(text(out, "tracestate")).isEqualTo("vendor=1");
    }

    @Test
    void aCloudEventsTraceparentIsContinuedInBinaryAndStructuredMode() {
        Context binary = TraceHeaders.extract(headers("ce_id", "1", "ce_traceparent", TRACEPARENT));
        assertThat(TraceHeaders.traceparent(binary)).isEqualTo(TRACEPARENT);
        byte[] structured = ("{\"specversion\":\"1.0\",\"data\":{\"traceparent\":\"not this one\"},"
                + "\"traceparent\":\"" + TRACEPARENT + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(TraceHeaders.traceparent(TraceHeaders.fromStructuredEvent(structured))).isEqualTo(TRACEPARENT);
    }

    @Test
    void aMalformedOrMissingTraceparentReadsAsNoneAndIsNotWrittenOn() {
        for (String bad : List.of("", "garbage", "00-" + "0".repeat(32) + "-" + SPAN + "-01",
                "00-" + TRACE + "-" + SPAN, "zz-" + TRACE + "-" + SPAN + "-01")) {
            Context read = TraceHeaders.extract(headers("traceparent", bad));
            assertThat(TraceHeaders.valid(read)).as(bad).isFalse();
            Headers out = new RecordHeaders();
            TraceHeaders.inject(read, out);
            assertThat(out.toArray()).as(bad).isEmpty();
        }
        assertThat(TraceHeaders.valid(TraceHeaders.extract(null))).isFalse();
        assertThat(TraceHeaders.valid(TraceHeaders.fromStructuredEvent("not json".getBytes(StandardCharsets.UTF_8))))
                .isFalse();
        assertThat(TraceHeaders.valid(TraceHeaders.fromStructuredEvent(new byte[] {(byte) 0xff, '{'}))).isFalse();
    }

    @Test
    void readOnlyHeadersAreLeftAloneRatherThanFailingTheRecord() {
        RecordHeaders sent = new RecordHeaders();
        sent.setReadOnly();
        TraceHeaders.inject(TraceHeaders.fromTraceparent(TRACEPARENT, null), sent);
        assertThat(sent.toArray()).isEmpty();
    }

    @Test
    void whatAHandlerForwardsCarriesItsRecordsTraceAndLogsShowTheTraceId() {
        MockProcessorContext<String, Outgoing> context = new MockProcessorContext<>();
        List<String> seen = new ArrayList<>();
        List<String> logged = new ArrayList<>();
        ContractInputs inputs = ContractInputs.of("test", new RecordMetrics(new SimpleMeterRegistry()))
                .on(Topics.VERIFICATIONS, VerificationStarted.class, VerificationStarted.SCHEMA, v -> {
                    seen.add(Tracing.currentTraceparent());
                    logged.add(MDC.get(TraceScope.TRACE_ID));
                    // As a sink does, on this thread: Outgoing's serialiser writes the current context.
                    Headers out = new RecordHeaders();
                    Outgoing.serde().serializer().serialize(Topics.PHASE_RESULTS.name(), out,
                            new Outgoing(Topics.PHASE_RESULTS.name(), new byte[] {1}));
                    seen.add(text(out, "traceparent"));
                });
        context.setRecordMetadata(Topics.VERIFICATIONS.name(), 0, 1L);
        inputs.process(context, verification("d1", headers("traceparent", TRACEPARENT)));
        inputs.process(context, verification("d2", headers("traceparent", "00-broken")));

        assertThat(seen).containsExactly(TRACEPARENT, TRACEPARENT, null, null);
        assertThat(logged).containsExactly(TRACE, null);
        assertThat(context.forwarded()).as("no dead letter for a malformed traceparent").isEmpty();
        assertThat(MDC.get(TraceScope.TRACE_ID)).as("nothing left behind after the record").isNull();
        assertThat(TraceHeaders.valid(Context.current())).isFalse();
    }

    @Test
    void aSpanIsAChildOfTheCurrentContextAndTracingOffStillPassesTheContextOn() {
        try (var resumed = Tracing.resume(TRACEPARENT);
             var span = Tracing.off().span("postflight.decision", null, "HEALTH")) {
            assertThat(Tracing.currentTraceparent()).startsWith("00-" + TRACE + "-");
        }
        assertThat(Tracing.currentTraceparent()).isNull();
    }

    private static Record<String, byte[]> verification(String id, Headers headers) {
        byte[] json = ("{\"schema\":\"" + VerificationStarted.SCHEMA + "\",\"deployment\":{\"deploymentId\":\"" + id
                + "\",\"service\":\"checkout\",\"environment\":\"prod\",\"version\":\"1.0\"},\"action\":\"DEPLOYED\","
                + "\"targets\":[{\"instance\":\"i-0\",\"url\":\"http://10.0.0.7:8080\"}],\"phases\":[\"HEALTH\"],"
                + "\"startedAt\":\"2026-11-22T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
        return new Record<>("checkout/prod", json, 0L, headers);
    }

    private static Headers headers(String... namesAndValues) {
        Headers h = new RecordHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            h.add(namesAndValues[i], namesAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return h;
    }

    private static String text(Headers h, String name) {
        var header = h.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
