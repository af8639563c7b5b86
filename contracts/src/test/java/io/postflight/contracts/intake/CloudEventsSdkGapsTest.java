package io.postflight.contracts.intake;

import static io.postflight.contracts.intake.IntakeFixtures.STRUCTURED;
import static io.postflight.contracts.intake.IntakeFixtures.binaryHeaders;
import static io.postflight.contracts.intake.IntakeFixtures.bytes;
import static io.postflight.contracts.intake.IntakeFixtures.decode;
import static io.postflight.contracts.intake.IntakeFixtures.json;
import static io.postflight.contracts.intake.IntakeFixtures.structured;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * What the CloudEvents SDK (4.0.1) cannot do that intake needs, each shown twice: the SDK on its own
 * getting the record wrong, and Postflight getting it right thanks to a small hand-written part
 * (docs/adr/0007-cloudevents-sdk.md). When an SDK upgrade makes a "theSdk..." test fail, the SDK
 * has learnt it: drop the workaround and that test.
 */
class CloudEventsSdkGapsTest {

    private static final String VENDOR_JSON = "application/vnd.cdevents+json; charset=utf-8";

    private static ObjectNode envelopeWithDataContentType(String contentType) {
        ObjectNode envelope = structured(json("cdevents/service-deployed-0.2.0.cdevent.json"));
        envelope.put("datacontenttype", contentType);
        return envelope;
    }

    @Test
    void theSdkJsonFormatRefusesJsonDataUnderAVendorPlusJsonType() {
        byte[] value = bytes(envelopeWithDataContentType(VENDOR_JSON));

        assertThatThrownBy(() -> new JsonFormat().deserialize(value))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining("Wrong type OBJECT for attribute data, expecting STRING");
    }

    @Test
    void theSdkJsonFormatRefusesJsonDataWhenTheTypeIsNotLowerCase() {
        byte[] value = bytes(envelopeWithDataContentType("Application/JSON"));

        assertThatThrownBy(() -> new JsonFormat().deserialize(value))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining("Wrong type OBJECT for attribute data, expecting STRING");
    }

    @Test
    void postflightReadsJsonDataUnderAnyJsonMediaType() {
        for (String contentType : new String[] {VENDOR_JSON, "Application/JSON"}) {
            byte[] value = bytes(envelopeWithDataContentType(contentType));

            assertThat(decode(Map.of("content-type", STRUCTURED), value).deployment().service())
                    .as(contentType).isEqualTo("payments");
        }
    }

    @Test
    void theSdkBinaryReaderRefusesAHeaderThatIsNotAValidExtensionName() {
        ObjectNode cdevent = json("cdevents/service-deployed-0.2.0.cdevent.json");
        RecordHeaders headers = new RecordHeaders();
        binaryHeaders(cdevent, "application/json").forEach((name, value) ->
                headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        headers.add("ce_trace-id", "4bf92f3577b34da6".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> KafkaMessageFactory.createReader(headers, bytes(cdevent)).toEvent())
                .isInstanceOf(CloudEventRWException.class)
                .hasMessage("Invalid extensions name: trace-id");
    }

    @Test
    void postflightIgnoresBinaryHeadersThatAreNotValidExtensionNames() {
        ObjectNode cdevent = json("cdevents/service-deployed-0.2.0.cdevent.json");
        Map<String, String> headers = binaryHeaders(cdevent, "application/json");
        headers.put("ce_trace-id", "4bf92f3577b34da6");
        headers.put("ce_correlation_id", "sync-8842");

        assertThat(decode(headers, bytes(cdevent)).intakeFormat()).isEqualTo("cloudevents-binary");
    }

    @Test
    void theSdkJsonFormatLetsADuplicateMemberDecideSilently() {
        byte[] value = bytes(envelopeWithDataContentType("application/json"));
        String json = new String(value, StandardCharsets.UTF_8);
        byte[] duplicated = ("{\"id\":\"first\"," + json.substring(1)).getBytes(StandardCharsets.UTF_8);

        CloudEvent read = new JsonFormat().deserialize(duplicated);

        assertThat(read.getId()).isEqualTo("argocd-7d1c2e4a-20261122100500"); // the last one won
        RejectedEventException e = IntakeFixtures.rejection(Map.of("content-type", STRUCTURED), duplicated);
        assertThat(e.reason()).isEqualTo(RejectReason.NOT_JSON);
        assertThat(e.getMessage()).isEqualTo("record value is not JSON: Duplicate field 'id'");
    }

    @Test
    void theSdkCannotTellAStructuredEventWithoutItsContentType() {
        byte[] value = bytes(envelopeWithDataContentType("application/json"));

        assertThatThrownBy(() -> KafkaMessageFactory.createReader(new RecordHeaders(), value).toEvent())
                .isInstanceOf(CloudEventRWException.class)
                .extracting(e -> ((CloudEventRWException) e).getKind())
                .isEqualTo(CloudEventRWException.CloudEventRWExceptionKind.UNKNOWN_ENCODING);
        assertThat(decode(Map.of(), value).intakeFormat()).isEqualTo("cloudevents-structured");
    }
}
