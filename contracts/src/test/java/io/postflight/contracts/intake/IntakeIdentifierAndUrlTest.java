package io.postflight.contracts.intake;

import static io.postflight.contracts.intake.IntakeFixtures.STRUCTURED;
import static io.postflight.contracts.intake.IntakeFixtures.binaryHeaders;
import static io.postflight.contracts.intake.IntakeFixtures.bytes;
import static io.postflight.contracts.intake.IntakeFixtures.decode;
import static io.postflight.contracts.intake.IntakeFixtures.edited;
import static io.postflight.contracts.intake.IntakeFixtures.rejection;
import static io.postflight.contracts.intake.IntakeFixtures.structured;
import static io.postflight.contracts.intake.IntakeFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postflight.contracts.DeployEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Target URLs and identifiers are checked when an event is decoded, in every intake form: an
 * unusable URL or a loose identifier is refused with a message naming the field and the problem.
 */
class IntakeIdentifierAndUrlTest {
    private static final String CDEVENT = "cdevents/service-deployed-0.2.0.cdevent.json";

    @ParameterizedTest
    @ValueSource(strings = {"http://", "http://h:abc/", "http://h:0/", "http://h:65536/", "http://user:pw@h/",
        "ftp://h/", "http://h/?q=1", "http://h/#f"})
    void anUnusableTargetUrlIsRefusedInThePlainForm(String url) {
        RejectedEventException e = rejection(Map.of(), plain("\"service\":\"search\"", url));
        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).contains("url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://", "http://h:abc/"})
    void anUnusableTargetUrlIsRefusedInStructuredAndBinaryCdEvents(String url) {
        ObjectNode cdevent = edited(CDEVENT, n -> ((ObjectNode) n.get("customData").get("postflight").get("targets")
                .get(0)).put("url", url));
        RejectedEventException structuredRejection = rejection(Map.of("content-type", STRUCTURED),
                bytes(structured(cdevent)));
        RejectedEventException binaryRejection = rejection(binaryHeaders(cdevent, "application/json"), bytes(cdevent));
        for (RejectedEventException e : new RejectedEventException[] {structuredRejection, binaryRejection}) {
            assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
            assertThat(e.getMessage()).contains("targets[0].url");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"check\\u0000out", "check\\nout", "check\\u202Eout", "check\\ud800out", "check/out",
        "check\\\\out", "..", "check out"})
    void aLooseServiceNameIsRefused(String service) {
        RejectedEventException e = rejection(Map.of(), plain("\"service\":\"" + service + "\"", "http://10.0.0.7:8080"));
        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).contains("service");
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod/eu", "../prod", "..", "prod\\u0000", "prod\\udc00"})
    void aLooseEnvironmentNameIsRefused(String environment) {
        byte[] form = utf8("{\"schema\":\"postflight.deploy/1\",\"eventId\":\"e1\",\"service\":\"search\","
                + "\"environment\":\"" + environment + "\",\"version\":\"1.0\"}");
        RejectedEventException e = rejection(Map.of(), form);
        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).contains("environment");
    }

    @Test
    void twoLoneSurrogatesNoLongerShareASlot() {
        // Before: both decoded, and Kafka's UTF-8 key serialiser wrote each slot as "svc?/prod".
        assertThat(rejection(Map.of(), plain("\"service\":\"svc\\ud800\"", "http://10.0.0.7:8080")).getMessage())
                .contains("lone surrogate");
        assertThat(rejection(Map.of(), plain("\"service\":\"svc\\udc00\"", "http://10.0.0.7:8080")).getMessage())
                .contains("lone surrogate");
    }

    @Test
    void identifiersAreNfcNormalised() {
        DeployEvent decomposed = decode(Map.of(), plain("\"service\":\"cafe\\u0301\"", "http://10.0.0.7:8080"));
        DeployEvent composed = decode(Map.of(), plain("\"service\":\"caf\\u00e9\"", "http://10.0.0.7:8080"));
        assertThat(decomposed.deployment().service()).isEqualTo("caf\u00e9").isEqualTo(composed.deployment().service());
        assertThat(decomposed.deployment().slot()).isEqualTo(composed.deployment().slot());
    }

    @Test
    void anOverlongDeploymentIdIsRefused() {
        byte[] form = utf8("{\"schema\":\"postflight.deploy/1\",\"deploymentId\":\"" + "d".repeat(513)
                + "\",\"service\":\"search\",\"environment\":\"prod\",\"version\":\"1.0\"}");
        assertThat(rejection(Map.of(), form).getMessage()).contains("deploymentId");
    }

    private static byte[] plain(String serviceField, String url) {
        return utf8("{\"schema\":\"postflight.deploy/1\",\"eventId\":\"e1\"," + serviceField
                + ",\"environment\":\"prod\",\"version\":\"1.0\",\"targets\":[{\"instance\":\"i-0\",\"url\":\""
                + url + "\"}]}");
    }
}
