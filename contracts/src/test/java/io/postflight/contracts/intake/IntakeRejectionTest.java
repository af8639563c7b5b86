package io.postflight.contracts.intake;

import static io.postflight.contracts.intake.IntakeFixtures.STRUCTURED;
import static io.postflight.contracts.intake.IntakeFixtures.binaryHeaders;
import static io.postflight.contracts.intake.IntakeFixtures.bytes;
import static io.postflight.contracts.intake.IntakeFixtures.edited;
import static io.postflight.contracts.intake.IntakeFixtures.json;
import static io.postflight.contracts.intake.IntakeFixtures.rejection;
import static io.postflight.contracts.intake.IntakeFixtures.resource;
import static io.postflight.contracts.intake.IntakeFixtures.structured;
import static io.postflight.contracts.intake.IntakeFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every way an intake record is refused, with the reason the dead-letter header will carry. */
class IntakeRejectionTest {

    private static final Map<String, String> CE_JSON = Map.of("content-type", STRUCTURED);

    @Test
    void nullValueIsAnEmptyRecord() {
        RejectedEventException e = rejection(Map.of("ce_type", "dev.cdevents.service.deployed.0.2.0"), null);

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).startsWith("empty record");
    }

    @Test
    void zeroBytesAreAnEmptyValue() {
        RejectedEventException e = rejection(Map.of(), new byte[0]);

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).isEqualTo("record value is empty");
    }

    @Test
    void oversizedValueIsRefusedBeforeParsing() {
        byte[] garbage = new byte[CloudEventsDeployEventDecoder.DEFAULT_MAX_BYTES + 1];
        Arrays.fill(garbage, (byte) 0xFF);

        RejectedEventException e = rejection(CE_JSON, garbage);

        assertThat(CloudEventsDeployEventDecoder.DEFAULT_MAX_BYTES).isEqualTo(262_144);
        assertThat(e.reason()).isEqualTo(RejectReason.OVERSIZED);
        assertThat(e.getMessage()).isEqualTo("record value is 262145 bytes, above the limit of 262144 bytes");
    }

    @Test
    void theLimitIsConfigurableAndInclusive() throws Exception {
        byte[] minimal = resource("plain/deploy-minimal.json");
        CloudEventsDeployEventDecoder exact = new CloudEventsDeployEventDecoder(minimal.length);
        CloudEventsDeployEventDecoder smaller = new CloudEventsDeployEventDecoder(minimal.length - 1);

        assertThat(exact.decode(Map.of(), minimal).deployment().service()).isEqualTo("search");
        RejectedEventException e = rejection(smaller, Map.of(), minimal);
        assertThat(e.reason()).isEqualTo(RejectReason.OVERSIZED);
        assertThat(e.getMessage()).contains(minimal.length + " bytes").contains((minimal.length - 1) + " bytes");
        assertThatThrownBy(() -> new CloudEventsDeployEventDecoder(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void notJsonInEachForm() {
        RejectedEventException plain = rejection(Map.of("content-type", "application/json"), utf8("deployed checkout 1.4.2"));
        RejectedEventException structured = rejection(CE_JSON, utf8("{\"specversion\":\"1.0\","));
        ObjectNode cdevent = json("cdevents/service-deployed-0.2.0.cdevent.json");
        RejectedEventException binary = rejection(binaryHeaders(cdevent, "application/json"), utf8("<xml/>"));
        RejectedEventException latin1 = rejection(Map.of(), new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xE9, '"', '}'});

        assertThat(plain.reason()).isEqualTo(RejectReason.NOT_JSON);
        assertThat(plain.getMessage()).startsWith("record value is not JSON: Unrecognized token 'deployed'");
        assertThat(structured.reason()).isEqualTo(RejectReason.NOT_JSON);
        assertThat(structured.getMessage()).startsWith("record value is not JSON: Unexpected end-of-input");
        assertThat(binary.reason()).isEqualTo(RejectReason.NOT_JSON);
        assertThat(binary.getMessage()).startsWith("CloudEvent data (the record value) is not JSON");
        assertThat(latin1.reason()).isEqualTo(RejectReason.NOT_JSON);
        assertThat(latin1.getMessage()).contains("UTF-8");
    }

    @Test
    void dataBase64ThatIsNotJsonIsNotJson() {
        ObjectNode envelope = structured(json("cdevents/service-deployed-0.2.0.cdevent.json"));
        envelope.remove("data");
        envelope.put("data_base64", Base64.getEncoder().encodeToString(utf8("not json")));

        RejectedEventException e = rejection(CE_JSON, bytes(envelope));

        assertThat(e.reason()).isEqualTo(RejectReason.NOT_JSON);
        assertThat(e.getMessage()).startsWith("CloudEvent data_base64 is not JSON");
    }

    @Test
    void jsonThatIsNotAnObject() {
        RejectedEventException e = rejection(Map.of(), utf8("[{\"service\":\"checkout\"}]"));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).isEqualTo("record value is a JSON array, expected an object");
    }

    @Test
    void cdEventMissingEnvironmentNamesTheField() {
        ObjectNode cdevent = edited("cdevents/service-deployed-0.2.0.cdevent.json",
                e -> ((ObjectNode) e.get("subject").get("content")).remove("environment"));

        RejectedEventException e = rejection(binaryHeaders(cdevent, "application/json"), bytes(cdevent));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).isEqualTo("CDEvent dev.cdevents.service.deployed.0.2.0 breaks its schema: "
                + "$.subject.content.environment: is missing but it is required");
    }

    @Test
    void cdEventWithWrongTypesNamesTheFields() {
        ObjectNode cdevent = edited("cdevents/service-deployed-0.2.0.cdevent.json", e -> {
            ((ObjectNode) e.get("subject").get("content").get("environment")).put("id", 7);
            ((ObjectNode) e.get("customData").get("postflight")).put("targets", "10.0.3.17");
        });

        RejectedEventException e = rejection(CE_JSON, bytes(structured(cdevent)));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).contains("$.customData.postflight.targets: string found, array expected")
                .contains("$.subject.content.environment.id: integer found, string expected");
    }

    @Test
    void cdEventWithoutAnyVersionSaysWhereOneCouldCome() {
        ObjectNode cdevent = edited("cdevents/service-upgraded-0.2.0.cdevent.json", e -> ((ObjectNode) e.get("subject")
                .get("content")).put("artifactId", "pkg:oci/search@sha256%3Ae3fb9452627eb11b37d36dec1f8f233d4f275a0e80a05ccf759c8a56be4be52b"));

        RejectedEventException e = rejection(binaryHeaders(cdevent, "application/json"), bytes(cdevent));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).startsWith("no version for the deployment: set customData.postflight.version")
                .contains("(artifactId is 'pkg:oci/search@sha256%3Ae3fb");
    }

    @Test
    void binaryModeMissingARequiredHeader() {
        ObjectNode cdevent = json("cdevents/service-deployed-0.2.0.cdevent.json");
        Map<String, String> headers = binaryHeaders(cdevent, "application/json");
        headers.remove("ce_id");

        RejectedEventException e = rejection(headers, bytes(cdevent));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).isEqualTo("binary-mode CloudEvent lacks header ce_id");
    }

    @Test
    void structuredModeWithAnAttributeOfTheWrongType() {
        ObjectNode envelope = structured(json("cdevents/service-deployed-0.2.0.cdevent.json"));
        envelope.put("id", 42);

        RejectedEventException e = rejection(CE_JSON, bytes(envelope));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).isEqualTo("structured CloudEvent attribute 'id' is a number, expected a string");
    }

    @Test
    void badCeTimeIsNamed() {
        ObjectNode cdevent = json("cdevents/service-deployed-0.2.0.cdevent.json");
        Map<String, String> headers = binaryHeaders(cdevent, "application/json");
        headers.put("ce_time", "Sun Nov 22 10:05:00 UTC 2026");

        RejectedEventException e = rejection(headers, bytes(cdevent));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).isEqualTo("header ce_time 'Sun Nov 22 10:05:00 UTC 2026' is not an RFC 3339 timestamp");
    }

    @Test
    void unknownCdEventTypeInBinaryModeIsRefusedWhateverTheData() {
        ObjectNode cdevent = json("cdevents/service-removed-0.2.0.cdevent.json");

        RejectedEventException e = rejection(binaryHeaders(cdevent, "application/json"), utf8("not even json"));

        assertThat(e.reason()).isEqualTo(RejectReason.UNKNOWN_TYPE);
        assertThat(e.getMessage()).isEqualTo("CDEvents type 'dev.cdevents.service.removed.0.2.0' is not handled"
                + " (Postflight verifies only service deployments, upgrades and rollbacks); accepted: "
                + "dev.cdevents.service.{deployed,upgraded,rolledback}.0.<minor>.<patch>");
    }

    @Test
    void nonCdEventsTypeInStructuredMode() {
        ObjectNode envelope = structured(json("cdevents/service-deployed-0.2.0.cdevent.json"));
        envelope.put("type", "com.github.pull_request.opened");

        RejectedEventException e = rejection(CE_JSON, bytes(envelope));

        assertThat(e.reason()).isEqualTo(RejectReason.UNKNOWN_TYPE);
        assertThat(e.getMessage()).startsWith("CloudEvent type 'com.github.pull_request.opened' is not a CDEvents type");
    }

    @Test
    void aFutureMajorEventVersionIsAnUnknownType() {
        ObjectNode envelope = structured(json("cdevents/service-deployed-0.2.0.cdevent.json"));
        envelope.put("type", "dev.cdevents.service.deployed.1.0.0");

        RejectedEventException e = rejection(CE_JSON, bytes(envelope));

        assertThat(e.reason()).isEqualTo(RejectReason.UNKNOWN_TYPE);
        assertThat(e.getMessage()).contains("event version 1.0.0 is a major version Postflight does not read");
    }

    @Test
    void envelopeAndCdEventDisagreeingOnTheEvent() {
        ObjectNode cdevent = json("cdevents/service-deployed-0.2.0.cdevent.json");
        Map<String, String> headers = binaryHeaders(cdevent, "application/json");
        headers.put("ce_type", "dev.cdevents.service.rolledback.0.2.0");

        RejectedEventException e = rejection(headers, bytes(cdevent));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).isEqualTo("CloudEvent type 'dev.cdevents.service.rolledback.0.2.0' and CDEvent"
                + " context.type 'dev.cdevents.service.deployed.0.2.0' announce different events");
    }

    @Test
    void unsupportedCloudEventsSpecVersion() {
        ObjectNode cdevent = json("cdevents/service-deployed-0.2.0.cdevent.json");
        Map<String, String> headers = binaryHeaders(cdevent, "application/json");
        headers.put("ce_specversion", "2.0");

        RejectedEventException e = rejection(headers, bytes(cdevent));

        assertThat(e.reason()).isEqualTo(RejectReason.UNSUPPORTED_VERSION);
        assertThat(e.getMessage()).isEqualTo("CloudEvents specversion '2.0' is not supported; accepted: 1.0, 0.3");
    }

    @Test
    void binaryDataThatIsNotDeclaredJson() {
        ObjectNode cdevent = json("cdevents/service-deployed-0.2.0.cdevent.json");

        RejectedEventException e = rejection(binaryHeaders(cdevent, "application/protobuf"), bytes(cdevent));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).startsWith("header content-type is 'application/protobuf'; CDEvents data must be JSON");
    }

    @Test
    void aBareCdEventWithoutEnvelopeGetsAHint() {
        RejectedEventException e = rejection(Map.of("content-type", "application/json"),
                resource("cdevents/service-deployed-0.2.0.cdevent.json"));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).startsWith("the value looks like a CDEvent without its CloudEvents envelope");
    }

    @Test
    void batchedCloudEventsAreRefused() {
        RejectedEventException e = rejection(Map.of("content-type", "application/cloudevents-batch+json"), utf8("[]"));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).contains("send one CloudEvent per record");
    }

    @Test
    void aSubjectIdThatYieldsAnInvalidServiceNameIsCaughtOnTheWayOut() {
        ObjectNode cdevent = edited("cdevents/service-upgraded-0.2.0.cdevent.json",
                e -> ((ObjectNode) e.get("subject")).put("id", "search service"));

        RejectedEventException e = rejection(binaryHeaders(cdevent, "application/json"), bytes(cdevent));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).isEqualTo("the event's service 'search service' contains white space (U+0020)");
    }

    @Test
    void duplicateFieldsAreRefused() {
        RejectedEventException e = rejection(Map.of(), utf8("{\"schema\":\"postflight.deploy/1\",\"eventId\":\"e\","
                + "\"service\":\"checkout\",\"environment\":\"prod\",\"version\":\"1.4.2\",\"version\":\"1.4.3\"}"));

        assertThat(e.reason()).isEqualTo(RejectReason.NOT_JSON);
        assertThat(e.getMessage()).isEqualTo("record value is not JSON: Duplicate field 'version'");
    }
}
