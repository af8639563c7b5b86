package io.postflight.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postflight.contracts.DeployEvent;
import io.postflight.contracts.Phase;
import io.postflight.contracts.intake.CloudEventsDeployEventDecoder;
import io.postflight.gateway.DeployEventIntake;
import io.postflight.gateway.GatewayConfig;
import io.postflight.gateway.http.CloudEventsHttpBinding.KafkaForm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** HTTP requests become the records the Kafka intake reads, and decode to what a Kafka producer's would. */
class CloudEventsHttpBindingTest {
    private final DeployEventIntake intake = new DeployEventIntake(new CloudEventsDeployEventDecoder(4096),
            new GatewayConfig(4096, List.of(Phase.HEALTH), List.of(Phase.HEALTH), Duration.ofDays(7),
                    Duration.ofHours(1)));

    @Test
    void binaryModeHeadersBecomeTheKafkaBindingsAndNothingElseIsCarried() throws Exception {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("CE-SpecVersion", "1.0");
        headers.put("ce-id", "d%2D1");
        headers.put("ce-source", "/ci/shop");
        headers.put("ce-subject", "checkout%20in%20prod%C3%A9");
        headers.put("ce-type", "dev.cdevents.service.deployed.0.3.0");
        headers.put("Authorization", "Bearer secret-token");
        headers.put("X-Hub-Signature-256", "sha256=00");
        byte[] body = HttpIntakeIT.cdevent("d-1", "checkout").toString().getBytes(StandardCharsets.UTF_8);

        List<KafkaForm> records = CloudEventsHttpBinding.records("application/json", headers, body, 10);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).headers()).containsOnlyKeys("ce_specversion", "ce_id", "ce_source", "ce_type",
                "ce_subject", "content-type").containsEntry("ce_id", "d-1")
                .containsEntry("ce_subject", "checkout in prodé");
        DeployEvent overHttp = intake.decode(records.get(0).headers(), records.get(0).value());
        DeployEvent overKafka = intake.decode(Map.of("ce_specversion", "1.0", "ce_id", "d-1", "ce_source",
                "/ci/shop", "ce_type", "dev.cdevents.service.deployed.0.3.0", "ce_subject", "checkout in prodé",
                "content-type", "application/json"), body);
        assertThat(overHttp).isEqualTo(overKafka);
        assertThat(overHttp.intakeFormat()).isEqualTo("cloudevents-binary");
    }

    @Test
    void structuredAndPlainBodiesKeepTheirBytesAndContentType() throws Exception {
        byte[] structured = HttpIntakeIT.structured("s-1", "checkout").toString().getBytes(StandardCharsets.UTF_8);
        KafkaForm s = CloudEventsHttpBinding.records("application/cloudevents+json; charset=utf-8", Map.of(),
                structured, 10).get(0);
        assertThat(s.value()).isEqualTo(structured);
        assertThat(s.headers()).isEqualTo(Map.of("content-type", "application/cloudevents+json; charset=utf-8"));
        assertThat(intake.decode(s.headers(), s.value()).intakeFormat()).isEqualTo("cloudevents-structured");

        byte[] plain = HttpIntakeIT.plain("p-1", "checkout").getBytes(StandardCharsets.UTF_8);
        KafkaForm p = CloudEventsHttpBinding.records("application/json", Map.of(), plain, 10).get(0);
        assertThat(intake.decode(p.headers(), p.value()).intakeFormat()).isEqualTo("plain");
    }

    @Test
    void aBatchIsOneStructuredRecordPerEventUpToItsLimit() throws Exception {
        String batch = "[" + HttpIntakeIT.structured("b-0", "a") + "," + HttpIntakeIT.structured("b-1", "b") + "]";
        List<KafkaForm> records = CloudEventsHttpBinding.records("application/cloudevents-batch+json", Map.of(),
                batch.getBytes(StandardCharsets.UTF_8), 2);
        assertThat(records).hasSize(2);
        for (int i = 0; i < 2; i++) {
            KafkaForm r = records.get(i);
            assertThat(intake.decode(r.headers(), r.value()).deployment().deploymentId()).isEqualTo("b-" + i);
        }

        assertRefused(() -> CloudEventsHttpBinding.records("application/cloudevents-batch+json", Map.of(),
                batch.getBytes(StandardCharsets.UTF_8), 1), Refusal.OVERSIZED);
        assertRefused(() -> CloudEventsHttpBinding.records("application/cloudevents-batch+json", Map.of(),
                "[]".getBytes(StandardCharsets.UTF_8), 5), Refusal.SCHEMA_INVALID);
        assertRefused(() -> CloudEventsHttpBinding.records("application/cloudevents-batch+json", Map.of(),
                "[{".getBytes(StandardCharsets.UTF_8), 5), Refusal.NOT_JSON);
    }

    @Test
    void contentTypesThatAreNotJsonAreRefused() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertRefused(() -> CloudEventsHttpBinding.records(null, Map.of(), body, 5), Refusal.UNSUPPORTED_MEDIA_TYPE);
        assertRefused(() -> CloudEventsHttpBinding.records("text/plain", Map.of(), body, 5),
                Refusal.UNSUPPORTED_MEDIA_TYPE);
        assertRefused(() -> CloudEventsHttpBinding.records("application/x-www-form-urlencoded", Map.of(), body, 5),
                Refusal.UNSUPPORTED_MEDIA_TYPE);
        assertRefused(() -> CloudEventsHttpBinding.records("application/cloudevents+xml", Map.of(), body, 5),
                Refusal.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void aBrokenPercentEncodingIsRefused() {
        assertRefused(() -> CloudEventsHttpBinding.records("application/json", Map.of("ce-id", "a%2"),
                "{}".getBytes(StandardCharsets.UTF_8), 5), Refusal.SCHEMA_INVALID);
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static void assertRefused(Call call, Refusal refusal) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(IntakeRefusal.class,
                e -> assertThat(e.refusal()).isEqualTo(refusal));
    }
}
