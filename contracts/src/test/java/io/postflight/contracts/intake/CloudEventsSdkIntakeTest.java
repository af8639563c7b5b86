package io.postflight.contracts.intake;

import static io.postflight.contracts.intake.IntakeFixtures.STRUCTURED;
import static io.postflight.contracts.intake.IntakeFixtures.binaryHeaders;
import static io.postflight.contracts.intake.IntakeFixtures.bytes;
import static io.postflight.contracts.intake.IntakeFixtures.decode;
import static io.postflight.contracts.intake.IntakeFixtures.json;
import static io.postflight.contracts.intake.IntakeFixtures.rejection;
import static io.postflight.contracts.intake.IntakeFixtures.structured;
import static io.postflight.contracts.intake.IntakeFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CloudEvents SDK reads the envelope; these pin how each of its refusals becomes a reject reason
 * and message (CloudEventsSdkRejections matches the SDK's wording, so an SDK upgrade that rewords
 * one fails here), and where the SDK is stricter than the hand-written reader it replaced.
 */
class CloudEventsSdkIntakeTest {

    private static final Map<String, String> CE_JSON = Map.of("content-type", STRUCTURED);

    private static ObjectNode cdevent() {
        return json("cdevents/service-deployed-0.2.0.cdevent.json");
    }

    private static Map<String, String> binary() {
        return binaryHeaders(cdevent(), "application/json");
    }

    @Test
    void aMissingAttributeIsNamedInEachMode() {
        ObjectNode envelope = structured(cdevent());
        envelope.remove("source");
        Map<String, String> headers = binary();
        headers.remove("ce_type");

        RejectedEventException structured = rejection(CE_JSON, bytes(envelope));
        RejectedEventException binary = rejection(headers, new byte[0]); // no data: the SDK wraps its error

        assertThat(structured.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(structured.getMessage()).isEqualTo("structured CloudEvent lacks attribute 'source'");
        assertThat(binary.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(binary.getMessage()).isEqualTo("binary-mode CloudEvent lacks header ce_type");
    }

    @Test
    void blankRequiredAttributesCountAsMissing() {
        Map<String, String> headers = binary();
        headers.put("ce_id", "");
        ObjectNode envelope = structured(cdevent());
        envelope.put("source", "");
        Map<String, String> blankVersion = binary();
        blankVersion.put("ce_specversion", " ");

        assertThat(rejection(headers, bytes(cdevent())).getMessage()).isEqualTo("binary-mode CloudEvent lacks header ce_id");
        assertThat(rejection(CE_JSON, bytes(envelope)).getMessage()).isEqualTo("structured CloudEvent lacks attribute 'source'");
        assertThat(rejection(blankVersion, bytes(cdevent())).getMessage())
                .isEqualTo("binary-mode CloudEvent lacks header ce_specversion");
    }

    @Test
    void binaryModeWithoutSpecVersionHeader() {
        Map<String, String> headers = binary();
        headers.remove("ce_specversion");

        RejectedEventException e = rejection(headers, bytes(cdevent()));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).isEqualTo("binary-mode CloudEvent lacks header ce_specversion");
    }

    @Test
    void unsupportedSpecVersionInStructuredMode() {
        ObjectNode envelope = structured(cdevent());
        envelope.put("specversion", "0.2");

        RejectedEventException e = rejection(CE_JSON, bytes(envelope));

        assertThat(e.reason()).isEqualTo(RejectReason.UNSUPPORTED_VERSION);
        assertThat(e.getMessage()).isEqualTo("CloudEvents specversion '0.2' is not supported; accepted: 1.0, 0.3");
    }

    @Test
    void badTimeInStructuredMode() {
        ObjectNode envelope = structured(cdevent());
        envelope.put("time", "yesterday");

        RejectedEventException e = rejection(CE_JSON, bytes(envelope));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).isEqualTo("attribute time 'yesterday' is not an RFC 3339 timestamp");
    }

    @Test
    void aSourceThatIsNotAUriReferenceIsRefusedNow() {
        Map<String, String> headers = binary();
        headers.put("ce_source", "argo cd");
        ObjectNode envelope = structured(cdevent());
        envelope.put("source", "argo cd");

        RejectedEventException binary = rejection(headers, bytes(cdevent()));
        RejectedEventException structured = rejection(CE_JSON, bytes(envelope));

        assertThat(binary.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(binary.getMessage()).isEqualTo(
                "header ce_source 'argo cd' is not a URI reference, which CloudEvents requires of source");
        assertThat(structured.getMessage()).startsWith("attribute source 'argo cd' is not a URI reference");
    }

    @Test
    void dataAndDataBase64TogetherAreRefused() {
        ObjectNode envelope = structured(cdevent());
        envelope.put("data_base64", Base64.getEncoder().encodeToString(bytes(cdevent())));

        RejectedEventException e = rejection(CE_JSON, bytes(envelope));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).isEqualTo("structured CloudEvent could not be read by the CloudEvents SDK:"
                + " CloudEvent cannot have both 'data' and 'data_base64' fields");
    }

    @Test
    void dataBase64ThatIsNotBase64() {
        ObjectNode envelope = structured(cdevent());
        envelope.remove("data");
        envelope.put("data_base64", "!!not base64!!");

        RejectedEventException e = rejection(CE_JSON, bytes(envelope));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).startsWith("structured CloudEvent data_base64 is not base64: Illegal character '!'");
    }

    @Test
    void anExtensionNumberThatIsNotA32BitIntegerIsRefusedNow() {
        ObjectNode envelope = structured(cdevent());
        envelope.put("sequence", 3_000_000_000L);

        RejectedEventException e = rejection(CE_JSON, bytes(envelope));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).isEqualTo("structured CloudEvent extension 'sequence' is 3000000000;"
                + " CloudEvents extension values are strings, booleans or 32-bit integers");
    }

    @Test
    void anEmptyBinaryValueHasNoData() {
        RejectedEventException e = rejection(binary(), new byte[0]);

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).isEqualTo("CloudEvent data (the record value) is empty");
    }

    @Test
    void structuredExtensionsWithInvalidNamesAreIgnored() {
        ObjectNode envelope = structured(cdevent());
        envelope.put("traceParent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        envelope.put("partition_key", "payments");

        assertThat(decode(CE_JSON, bytes(envelope)).deployment().service()).isEqualTo("payments");
    }

    @Test
    void cloudEvents03Base64DataAndStringDataAreRead() {
        ObjectNode v03 = structured(cdevent());
        v03.put("specversion", "0.3");
        v03.put("datacontentencoding", "base64");
        v03.put("data", Base64.getEncoder().encodeToString(bytes(cdevent())));
        ObjectNode string = structured(cdevent());
        string.put("data", new String(bytes(cdevent()), java.nio.charset.StandardCharsets.UTF_8));
        ObjectNode notJson = structured(cdevent());
        notJson.put("data", "deployed payments 2.0.0");

        assertThat(decode(CE_JSON, bytes(v03)).deployment().version()).isEqualTo("2.0.0");
        assertThat(decode(CE_JSON, bytes(string)).deployment().version()).isEqualTo("2.0.0");
        RejectedEventException e = rejection(CE_JSON, bytes(notJson));
        assertThat(e.reason()).isEqualTo(RejectReason.NOT_JSON);
        assertThat(e.getMessage()).startsWith("CloudEvent data (a string) is not JSON");
    }

    @Test
    void contentTypeWinsOverACeDataContentTypeHeader() {
        Map<String, String> both = binary();
        both.put("ce_datacontenttype", "application/protobuf");
        Map<String, String> onlyCe = binary();
        onlyCe.remove("content-type");
        onlyCe.put("ce_datacontenttype", "application/protobuf");

        assertThat(decode(both, bytes(cdevent())).intakeFormat()).isEqualTo("cloudevents-binary");
        assertThat(rejection(onlyCe, bytes(cdevent())).getMessage())
                .startsWith("header content-type is 'application/protobuf'; CDEvents data must be JSON");
    }

    @Test
    void aMalformedCeTimeStillNamesTheHeaderWhenEmpty() {
        Map<String, String> headers = binary();
        headers.put("ce_time", "");

        assertThat(rejection(headers, utf8("{}")).getMessage()).isEqualTo("header ce_time '' is not an RFC 3339 timestamp");
    }
}
