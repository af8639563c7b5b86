package io.postflight.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** A handler that throws fails its record only: a dead letter with the exception, then the next record. */
class ContractInputsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MockProcessorContext<String, Outgoing> context = new MockProcessorContext<>();
    private final List<String> handled = new ArrayList<>();
    private final ContractInputs inputs = ContractInputs.of("test", new RecordMetrics(registry))
            .on(Topics.VERIFICATIONS, VerificationStarted.class, VerificationStarted.SCHEMA, v -> {
                if (v.deployment().service().equals("boom")) {
                    throw new IllegalStateException("the handler broke on " + v.deployment().deploymentId());
                }
                handled.add(v.deployment().deploymentId());
            });

    @Test
    void aHandlerThatThrowsDeadLettersItsRecordAsHandlerFailedAndTheNextRecordIsHandled() {
        context.setRecordMetadata(Topics.VERIFICATIONS.name(), 0, 7L);
        inputs.process(context, record("d1", "boom"));
        context.setRecordMetadata(Topics.VERIFICATIONS.name(), 0, 8L);
        inputs.process(context, record("d2", "checkout"));

        assertThat(handled).containsExactly("d2");
        assertThat(context.forwarded()).hasSize(1);
        var letter = context.forwarded().get(0).record();
        assertThat(letter.value().topic()).isEqualTo(Topics.DEAD_LETTER.name());
        assertThat(header(letter, Topics.DLQ_REASON)).isEqualTo(ContractInputs.HANDLER_FAILED);
        assertThat(header(letter, Topics.DLQ_DETAIL)).contains("IllegalStateException")
                .contains("the handler broke on d1");
        assertThat(registry.get("postflight.records.deadlettered").tag("reason", "HANDLER_FAILED").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void aVersionOneRecordIsReadByTheRulesOfVersionTwo() {
        context.setRecordMetadata(Topics.VERIFICATIONS.name(), 0, 9L);
        // "e" + combining acute accent: NFC makes it one character.
        inputs.process(context, new Record<>("k", json("d3", "cafe\u0301", VerificationStarted.SCHEMA_1,
                "http://10.0.0.7:8080"), 0L));
        context.setRecordMetadata(Topics.VERIFICATIONS.name(), 0, 10L);
        inputs.process(context, new Record<>("k", json("d4", "checkout", VerificationStarted.SCHEMA_1,
                "http://h:abc/"), 0L));
        assertThat(handled).containsExactly("d3");
        var letter = context.forwarded().get(0).record();
        assertThat(header(letter, Topics.DLQ_REASON)).isEqualTo("SCHEMA_INVALID");
        assertThat(header(letter, Topics.DLQ_DETAIL)).contains("targets[0].url").contains("no valid host and port");
    }

    private static Record<String, byte[]> record(String id, String service) {
        return new Record<>(service + "/prod", json(id, service, VerificationStarted.SCHEMA, "http://10.0.0.7:8080"),
                0L);
    }

    static byte[] json(String id, String service, String schema, String url) {
        return ("{\"schema\":\"" + schema + "\",\"deployment\":{\"deploymentId\":\"" + id + "\",\"service\":\""
                + service + "\",\"environment\":\"prod\",\"version\":\"1.0\"},\"action\":\"DEPLOYED\","
                + "\"targets\":[{\"instance\":\"i-0\",\"url\":\"" + url + "\"}],\"phases\":[\"HEALTH\"],"
                + "\"startedAt\":\"2026-11-22T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String header(Record<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
