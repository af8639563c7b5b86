package io.postflight.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postflight.contracts.Topics;
import io.postflight.local.DemoTarget;
import io.postflight.local.DemoTarget.Behaviour;
import io.postflight.local.ScriptedCd;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.testing.OtlpReceiver;
import io.postflight.testing.OtlpReceiver.ReceivedSpan;
import io.postflight.testing.ScriptedHttpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * One trace per verification (ADR 0026): a deployment announced by a CD system that was itself
 * tracing (a binary-mode CloudEvent with {@code ce_traceparent}) is verified by the gateway, the
 * health verifier and the decision engine, each in this JVM with tracing on and exporting to a
 * real OTLP/HTTP receiver on loopback, and its alert is sent to an Alertmanager stand-in. Every
 * span about the deployment is in the CD system's trace, each parent is a span of that trace, and
 * the expected spans are there, from every service, with the deployment id.
 */
class TracingIT {
    /** The CD system's own span: the trace Postflight must continue. */
    private static final String CD_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CD_SPAN_ID = "00f067aa0ba902b7";

    @Test
    void aDeploymentsPathThroughEveryServiceIsOneTraceContinuingTheCdSystems() throws Exception {
        try (OtlpReceiver otlp = new OtlpReceiver();
             ScriptedHttpServer alertmanager = new ScriptedHttpServer();
             FaultBench bench = new FaultBench(KafkaTestBroker.bootstrapServers(), "HEALTH")) {
            bench.with("postflight.tracing.enabled", true)
                    .with("postflight.tracing.otlp.endpoint", otlp.endpoint())
                    .with("postflight.alertmanager.enabled", true)
                    .with("postflight.alertmanager.url", alertmanager.uri("/").toString());
            String service = bench.service("traced", 0);
            List<DemoTarget> crashing = bench.instances(service, "2.0", Behaviour.CRASH_LOOP, 1);
            bench.startInProcess(List.of("gateway", "health", "decision"));

            String deploymentId = announceWithTraceparent(bench.kafka(), service, crashing);
            FaultBench.awaitRecord(bench.kafka(), Topics.DECISIONS.name(), deploymentId, Duration.ofMinutes(3));

            Set<String> expected = Set.of("postflight.intake", "postflight.health.round", "postflight.phase.result",
                    "postflight.decision", "postflight.alert.send");
            // Spans leave in batches, off the stream threads: wait for them, whatever the machine's load.
            await("the spans of " + deploymentId).atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                    assertThat(names(otlp, deploymentId)).containsAll(expected));

            List<ReceivedSpan> spans = otlp.spans(s -> deploymentId.equals(s.attribute("postflight.deployment.id")));
            assertThat(otlp.refused()).isEmpty();
            assertThat(spans).extracting(ReceivedSpan::traceId).containsOnly(CD_TRACE_ID);
            Set<String> inTrace = otlp.spans(s -> CD_TRACE_ID.equals(s.traceId())).stream()
                    .map(ReceivedSpan::spanId).collect(Collectors.toSet());
            for (ReceivedSpan s : spans) {
                assertThat(s.parentSpanId()).as("parent of %s from %s", s.name(), s.service())
                        .satisfiesAnyOf(p -> assertThat(p).isEqualTo(CD_SPAN_ID), p -> assertThat(inTrace).contains(p));
            }
            ReceivedSpan intake = only(spans, "postflight.intake");
            assertThat(intake.parentSpanId()).isEqualTo(CD_SPAN_ID);
            assertThat(intake.attribute("postflight.slot")).isEqualTo(service + "/" + FaultBench.ENVIRONMENT);
            assertThat(only(spans, "postflight.phase.result").attribute("postflight.phase")).isEqualTo("HEALTH");
            assertThat(only(spans, "postflight.decision").attribute("postflight.decision")).isEqualTo("ROLLBACK");
            assertThat(spans).extracting(ReceivedSpan::service).contains(bench.applicationId("gateway"),
                    bench.applicationId("health"), bench.applicationId("decision"));
        }
    }

    private static String announceWithTraceparent(String kafka, String service, List<DemoTarget> instances)
            throws Exception {
        String ceId = UUID.randomUUID().toString();
        String deploymentId = service + "-2.0-" + ceId.substring(0, 8);
        Map<String, String> urls = new LinkedHashMap<>();
        instances.forEach(t -> urls.put(t.instance(), t.url()));
        ProducerRecord<byte[], byte[]> record = ScriptedCd.announcement(ceId, deploymentId, service,
                FaultBench.ENVIRONMENT, "2.0", "1.0", urls, false);
        record.headers().add("ce_traceparent",
                ("00-" + CD_TRACE_ID + "-" + CD_SPAN_ID + "-01").getBytes(StandardCharsets.UTF_8));
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(record).get();
        }
        return deploymentId;
    }

    private static Set<String> names(OtlpReceiver otlp, String deploymentId) {
        return otlp.spans(s -> deploymentId.equals(s.attribute("postflight.deployment.id"))).stream()
                .map(ReceivedSpan::name).collect(Collectors.toSet());
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, String name) {
        List<ReceivedSpan> named = spans.stream().filter(s -> s.name().equals(name)).toList();
        assertThat(named).as(name).hasSize(1);
        return named.get(0);
    }
}
