package io.postflight.contracts.intake;

import static io.postflight.contracts.intake.IntakeFixtures.STRUCTURED;
import static io.postflight.contracts.intake.IntakeFixtures.binaryHeaders;
import static io.postflight.contracts.intake.IntakeFixtures.bytes;
import static io.postflight.contracts.intake.IntakeFixtures.decode;
import static io.postflight.contracts.intake.IntakeFixtures.edited;
import static io.postflight.contracts.intake.IntakeFixtures.json;
import static io.postflight.contracts.intake.IntakeFixtures.resource;
import static io.postflight.contracts.intake.IntakeFixtures.structured;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeployEvent;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Json;
import io.postflight.contracts.Target;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** CDEvents in CloudEvents, both Kafka binding modes, across the CDEvents versions in circulation. */
class CdEventsIntakeTest {

    private static final String CHECKOUT_142 =
            "sha256:0feb10e9c82f2c657fe96a40d800f2cd3fde09cf15f687e8dc6104e67732e218";
    private static final String CHECKOUT_141 =
            "sha256:3d846807393b1b9685a5ad048e57c1f7c8d3db0c1558142e4f598a53aca960e3";
    private static final String PAYMENTS_200 =
            "sha256:f5cb937afadbd74020702c5f19c7f418136205f55a16befe7422ef8e347e3097";

    @Test
    void structuredServiceDeployed011FromSpec03() {
        DeployEvent event = decode(Map.of("content-type", STRUCTURED),
                resource("cdevents/service-deployed-0.1.1.cloudevent.json"));

        assertThat(event).isEqualTo(new DeployEvent(DeployEvent.SCHEMA,
                new EventRef("9e5b0f3c-6f2a-4c1e-9a57-2f1d3f0c8b11", "/tekton/prod/pipelineruns",
                        "dev.cdevents.service.deployed.0.1.1", Instant.parse("2026-11-22T10:00:00Z")),
                DeployAction.DEPLOYED,
                new DeploymentRef("9e5b0f3c-6f2a-4c1e-9a57-2f1d3f0c8b11", "checkout", "prod", "1.4.2",
                        CHECKOUT_142, null),
                List.of(), "cloudevents-structured"));
    }

    @Test
    void binaryServiceDeployed020FromSpec04WithPostflightCustomData() {
        ObjectNode cdevent = json("cdevents/service-deployed-0.2.0.cdevent.json");

        DeployEvent event = decode(binaryHeaders(cdevent, "application/json"), resource(
                "cdevents/service-deployed-0.2.0.cdevent.json"));

        assertThat(event).isEqualTo(new DeployEvent(DeployEvent.SCHEMA,
                new EventRef("argocd-7d1c2e4a-20261122100500", "/argocd/shop",
                        "dev.cdevents.service.deployed.0.2.0", Instant.parse("2026-11-22T10:05:00Z")),
                DeployAction.DEPLOYED,
                new DeploymentRef("payments-staging-sync-8842", "payments", "staging", "2.0.0", PAYMENTS_200,
                        "1.9.3"),
                List.of(new Target("payments-7c9d-abcde", "http://10.0.3.17:8080"),
                        new Target("payments-7c9d-fghij", "http://10.0.3.18:8080")),
                "cloudevents-binary"));
    }

    @Test
    void binaryServiceUpgradedTakesTimeFromTheCdEventWhenCeTimeIsAbsent() {
        ObjectNode cdevent = json("cdevents/service-upgraded-0.2.0.cdevent.json");
        Map<String, String> headers = binaryHeaders(cdevent, "application/cdevents+json");
        headers.remove("ce_time");

        DeployEvent event = decode(headers, bytes(cdevent));

        assertThat(event.action()).isEqualTo(DeployAction.UPGRADED);
        assertThat(event.event().time()).isEqualTo(Instant.parse("2026-11-22T11:30:00.250Z"));
        assertThat(event.deployment()).isEqualTo(new DeploymentRef("spinnaker-exec-01HZX4K2M7", "search", "prod",
                "3.1.0", "sha256:e3fb9452627eb11b37d36dec1f8f233d4f275a0e80a05ccf759c8a56be4be52b", "3.0.7"));
    }

    @Test
    void structuredServiceRolledBackVerifiesTheVersionRolledBackTo() {
        DeployEvent event = decode(Map.of("content-type", "application/cloudevents+json"),
                resource("cdevents/service-rolledback-0.1.1.cloudevent.json"));

        assertThat(event.action()).isEqualTo(DeployAction.ROLLED_BACK);
        assertThat(event.event().time()).isEqualTo(Instant.parse("2026-11-22T09:20:00Z"));
        assertThat(event.deployment()).isEqualTo(new DeploymentRef("jenkins-checkout-deploy-118-rollback",
                "checkout", "prod", "1.4.1", CHECKOUT_141, "1.4.2"));
    }

    @Test
    void spec05EventWithSpecversionLinksAndNoSubjectTypeUsesThePurlVersion() {
        DeployEvent event = decode(Map.of("content-type", STRUCTURED),
                resource("cdevents/service-deployed-0.3.0.cloudevent.json"));

        assertThat(event.event().type()).isEqualTo("dev.cdevents.service.deployed.0.3.0");
        assertThat(event.deployment()).isEqualTo(new DeploymentRef("271069a8-fc18-44f1-b38f-9d70a1695819",
                "catalog", "prod-eu", "5.2.0", null, null));
    }

    @Test
    void spec01EventWithAnImageReferenceInsteadOfAPurl() {
        ObjectNode cdevent = json("cdevents/service-deployed-0.1.0.cdevent.json");

        DeployEvent event = decode(binaryHeaders(cdevent, "application/json"), bytes(cdevent));

        assertThat(event.deployment()).isEqualTo(new DeploymentRef("keptn-7f3e0d2a", "cart", "qa", "7.3.1",
                CHECKOUT_142, null));
    }

    @Test
    void structuredEventWithDataBase64() {
        ObjectNode cdevent = json("cdevents/service-deployed-0.2.0.cdevent.json");
        ObjectNode envelope = structured(cdevent);
        envelope.remove("data");
        envelope.put("data_base64", Base64.getEncoder().encodeToString(bytes(cdevent)));

        DeployEvent event = decode(Map.of("content-type", STRUCTURED), bytes(envelope));

        assertThat(event.deployment().deploymentId()).isEqualTo("payments-staging-sync-8842");
        assertThat(event.targets()).hasSize(2);
    }

    @Test
    void structuredEventWithoutContentTypeIsRecognisedByItsAttributes() {
        DeployEvent event = decode(Map.of(), resource("cdevents/service-deployed-0.3.0.cloudevent.json"));

        assertThat(event.intakeFormat()).isEqualTo("cloudevents-structured");
        assertThat(event.deployment().service()).isEqualTo("catalog");
    }

    @Test
    void customDataAsBase64StringIsRead() {
        ObjectNode cdevent = json("cdevents/service-upgraded-0.2.0.cdevent.json");
        cdevent.put("customData", Base64.getEncoder().encodeToString(
                IntakeFixtures.utf8("{\"postflight\":{\"version\":\"3.1.0+build.7\",\"deploymentId\":\"dep-77\"}}")));

        DeployEvent event = decode(binaryHeaders(cdevent, "application/json"), bytes(cdevent));

        assertThat(event.deployment().version()).isEqualTo("3.1.0+build.7");
        assertThat(event.deployment().deploymentId()).isEqualTo("dep-77");
    }

    @Test
    void customDataOverridesServiceAndVersion() {
        ObjectNode cdevent = edited("cdevents/service-deployed-0.2.0.cdevent.json", e -> {
            ObjectNode postflight = (ObjectNode) e.get("customData").get("postflight");
            postflight.put("service", "payments-api");
            postflight.put("version", "2.0.0-hotfix.1");
        });

        DeployEvent event = decode(binaryHeaders(cdevent, "application/json"), bytes(cdevent));

        assertThat(event.deployment().service()).isEqualTo("payments-api");
        assertThat(event.deployment().version()).isEqualTo("2.0.0-hotfix.1");
        assertThat(event.deployment().artifactDigest()).isEqualTo(PAYMENTS_200);
    }

    @Test
    void headerNamesAreMatchedWhateverTheirCase() {
        ObjectNode cdevent = json("cdevents/service-deployed-0.2.0.cdevent.json");
        Map<String, String> upper = new TreeMap<>();
        binaryHeaders(cdevent, "application/json").forEach((k, v) -> upper.put(k.toUpperCase(), v));

        assertThat(decode(upper, bytes(cdevent))).isEqualTo(decode(binaryHeaders(cdevent, "application/json"),
                bytes(cdevent)));
    }

    @Test
    void theSameEventDeliveredTwiceDecodesToEqualDeployEvents() throws Exception {
        byte[] value = resource("cdevents/service-deployed-0.1.1.cloudevent.json");

        DeployEvent first = decode(Map.of("content-type", STRUCTURED), value);
        DeployEvent second = decode(Map.of("content-type", STRUCTURED), value.clone());

        assertThat(second).isEqualTo(first);
        assertThat(Json.MAPPER.writeValueAsString(second)).isEqualTo(Json.MAPPER.writeValueAsString(first));
    }

    @Test
    void bothContentModesOfOneCdEventIdentifyTheSameDeployment() {
        ObjectNode cdevent = json("cdevents/service-deployed-0.2.0.cdevent.json");

        DeployEvent binary = decode(binaryHeaders(cdevent, "application/json"), bytes(cdevent));
        DeployEvent structured = decode(Map.of("content-type", STRUCTURED), bytes(structured(cdevent)));

        assertThat(structured.deployment()).isEqualTo(binary.deployment());
        assertThat(structured.event()).isEqualTo(binary.event());
        assertThat(structured.intakeFormat()).isNotEqualTo(binary.intakeFormat());
    }

    @Test
    void anEnvelopeWithAnIdOfItsOwnIsItsOwnDeploymentAndARedeliveryIsTheSame() {
        ObjectNode cdevent = json("cdevents/service-upgraded-0.2.0.cdevent.json");
        Map<String, String> rewrapped = binaryHeaders(cdevent, "application/json");
        rewrapped.put("ce_id", "0b7c6f1e-5d1a-4bb4-8f49-0d0b9a9e2f10"); // an envelope id apart from context.id

        DeployEvent original = decode(binaryHeaders(cdevent, "application/json"), bytes(cdevent));
        DeployEvent redelivered = decode(binaryHeaders(cdevent, "application/json"), bytes(cdevent));
        DeployEvent again = decode(rewrapped, bytes(cdevent));

        // Under the binding both ids are context.id; to CloudEvents another envelope id is another event.
        assertThat(original.deployment().deploymentId()).isEqualTo("spinnaker-exec-01HZX4K2M7");
        assertThat(redelivered.deployment()).isEqualTo(original.deployment());
        assertThat(again.deployment().deploymentId()).isEqualTo("0b7c6f1e-5d1a-4bb4-8f49-0d0b9a9e2f10");
        assertThat(again.event().id()).isEqualTo("0b7c6f1e-5d1a-4bb4-8f49-0d0b9a9e2f10");
    }

    @Test
    void cloudEvents03IsRead() {
        ObjectNode envelope = structured(json("cdevents/service-upgraded-0.2.0.cdevent.json"));
        envelope.put("specversion", "0.3");

        assertThat(decode(Map.of("content-type", STRUCTURED), bytes(envelope)).deployment().version())
                .isEqualTo("3.1.0");
    }
}
