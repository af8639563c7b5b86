package io.postflight.contracts.intake;

import static io.postflight.contracts.intake.IntakeFixtures.bytes;
import static io.postflight.contracts.intake.IntakeFixtures.decode;
import static io.postflight.contracts.intake.IntakeFixtures.edited;
import static io.postflight.contracts.intake.IntakeFixtures.rejection;
import static io.postflight.contracts.intake.IntakeFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeployEvent;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Target;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plain postflight.deploy/1 form. */
class PlainDeployFormTest {

    private static final Map<String, String> JSON = Map.of("content-type", "application/json");

    @Test
    void fullFormMapsEveryField() {
        DeployEvent event = decode(JSON, resource("plain/deploy-full.json"));

        assertThat(event).isEqualTo(new DeployEvent(DeployEvent.SCHEMA,
                new EventRef("jenkins-checkout-deploy-42", "jenkins/job/42", "postflight.deploy/1",
                        Instant.parse("2026-11-22T10:00:00Z")),
                DeployAction.DEPLOYED,
                new DeploymentRef("checkout-prod-42", "checkout", "prod", "1.4.2",
                        "sha256:0feb10e9c82f2c657fe96a40d800f2cd3fde09cf15f687e8dc6104e67732e218", "1.4.1"),
                List.of(new Target("pod-a", "http://10.0.0.7:8080"), new Target("pod-b", "http://10.0.0.8:8080")),
                "plain"));
    }

    @Test
    void minimalFormDefaultsDeploymentIdToEventIdAndActionToDeployed() {
        DeployEvent event = decode(Map.of(), resource("plain/deploy-minimal.json"));

        assertThat(event.deployment()).isEqualTo(new DeploymentRef("gha-run-9912-attempt-1", "search", "staging",
                "3.1.0-rc.2", null, null));
        assertThat(event.event()).isEqualTo(new EventRef("gha-run-9912-attempt-1", null, "postflight.deploy/1", null));
        assertThat(event.action()).isEqualTo(DeployAction.DEPLOYED);
        assertThat(event.targets()).isEmpty();
    }

    @Test
    void deploymentIdAloneAlsoServesAsEventId() {
        DeployEvent event = decode(JSON, bytes(edited("plain/deploy-full.json", f -> f.remove("eventId"))));

        assertThat(event.event().id()).isEqualTo("checkout-prod-42");
        assertThat(event.deployment().deploymentId()).isEqualTo("checkout-prod-42");
    }

    @Test
    void actionsMapToDeployActions() {
        assertThat(decode(JSON, bytes(edited("plain/deploy-full.json", f -> f.put("action", "upgraded")))).action())
                .isEqualTo(DeployAction.UPGRADED);
        assertThat(decode(JSON, bytes(edited("plain/deploy-full.json", f -> f.put("action", "rolledback")))).action())
                .isEqualTo(DeployAction.ROLLED_BACK);
    }

    @Test
    void timeWithAnOffsetIsNormalisedToUtc() {
        DeployEvent event = decode(JSON,
                bytes(edited("plain/deploy-full.json", f -> f.put("time", "2026-11-22T11:00:00+01:00"))));

        assertThat(event.event().time()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    }

    @Test
    void unknownFieldsAreIgnoredSoProducersCanAddFieldsWithinVersion1() {
        DeployEvent event = decode(JSON, bytes(edited("plain/deploy-full.json", f -> f.put("team", "payments"))));

        assertThat(event.deployment().service()).isEqualTo("checkout");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        RejectedEventException e = rejection(JSON, bytes(edited("plain/deploy-full.json", f -> {
            f.remove("service");
            f.remove("version");
        })));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).isEqualTo("plain deploy form breaks postflight.deploy/1: "
                + "$.service: is missing but it is required; $.version: is missing but it is required");
    }

    @Test
    void oneOfEventIdAndDeploymentIdIsRequired() {
        RejectedEventException e = rejection(JSON, bytes(edited("plain/deploy-minimal.json", f -> f.remove("eventId"))));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).endsWith("$.eventId: is missing but it is required when there is no deploymentId");
    }

    @Test
    void wrongTypesAreNamed() {
        RejectedEventException e = rejection(JSON, bytes(edited("plain/deploy-full.json", f -> {
            f.put("version", 142);
            f.put("targets", "pod-a");
        })));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).contains("$.version: integer found, string expected")
                .contains("$.targets: string found, array expected");
    }

    @Test
    void badValuesAreNamed() {
        RejectedEventException e = rejection(JSON, bytes(edited("plain/deploy-full.json", f -> {
            f.put("action", "redeployed");
            f.put("time", "22/11/2026 10:00");
            f.put("service", "shop/checkout");
        })));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).contains("$.action: does not have a value in the enumeration")
                .contains("$.time: does not match the date-time pattern")
                .contains("$.service: service 'shop/checkout' contains a path separator ('/')");
    }

    @Test
    void aTargetWithoutUrlIsRejected() {
        RejectedEventException e = rejection(JSON, bytes(edited("plain/deploy-full.json",
                f -> f.withArrayProperty("targets").addObject().put("instance", "pod-c"))));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).contains("$.targets[2].url: is missing but it is required");
    }

    @Test
    void anotherPlainSchemaVersionIsAnUnknownType() {
        RejectedEventException e = rejection(JSON,
                bytes(edited("plain/deploy-full.json", f -> f.put("schema", "postflight.deploy/2"))));

        assertThat(e.reason()).isEqualTo(RejectReason.UNKNOWN_TYPE);
        assertThat(e.getMessage()).isEqualTo(
                "plain-form schema 'postflight.deploy/2' is unknown; this Postflight reads postflight.deploy/1");
    }
}
