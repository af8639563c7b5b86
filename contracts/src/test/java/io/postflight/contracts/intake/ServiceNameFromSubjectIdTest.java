package io.postflight.contracts.intake;

import static io.postflight.contracts.intake.IntakeFixtures.STRUCTURED;
import static io.postflight.contracts.intake.IntakeFixtures.binaryHeaders;
import static io.postflight.contracts.intake.IntakeFixtures.bytes;
import static io.postflight.contracts.intake.IntakeFixtures.decode;
import static io.postflight.contracts.intake.IntakeFixtures.rejection;
import static io.postflight.contracts.intake.IntakeFixtures.structured;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which service a CDEvent names, for each {@code subject.id} shape seen in the wild, in both
 * CloudEvents Kafka modes: {@code customData.postflight.service} first; a segment equal to the
 * environment is never the service; an ambiguous id defers to the artifact's package URL name.
 */
class ServiceNameFromSubjectIdTest {

    private static final String DIGEST = "sha256:0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427";

    static ObjectNode cdevent(String subjectId, String environment, String artifactId) {
        ObjectNode cdevent = Json.MAPPER.createObjectNode();
        ObjectNode context = cdevent.putObject("context");
        context.put("specversion", "0.5.1");
        context.put("id", "5f0a1d7e-" + Math.abs(subjectId.hashCode()));
        context.put("source", "/argocd/shop");
        context.put("type", "dev.cdevents.service.deployed.0.3.0");
        context.put("timestamp", "2026-11-27T10:00:00Z");
        ObjectNode subject = cdevent.putObject("subject");
        subject.put("id", subjectId);
        subject.put("source", "/argocd/shop");
        ObjectNode content = subject.putObject("content");
        content.putObject("environment").put("id", environment);
        if (artifactId != null) {
            content.put("artifactId", artifactId);
        }
        return cdevent;
    }

    private static DeploymentRef structuredMode(ObjectNode cdevent) {
        return decode(Map.of("content-type", STRUCTURED), bytes(structured(cdevent))).deployment();
    }

    private static DeploymentRef binaryMode(ObjectNode cdevent) {
        return decode(binaryHeaders(cdevent, "application/json"), bytes(cdevent)).deployment();
    }

    @Test
    void checkoutSlashProductionIsCheckoutInProductionInBothModes() {
        ObjectNode cdevent = cdevent("checkout/production", "production", "pkg:oci/checkout@sha256%3A"
                + DIGEST.substring(7) + "?tag=1.4.2");

        for (DeploymentRef d : new DeploymentRef[] {structuredMode(cdevent), binaryMode(cdevent)}) {
            assertThat(d.service()).isEqualTo("checkout");
            assertThat(d.environment()).isEqualTo("production");
            assertThat(d.slot()).isEqualTo("checkout/production");
        }
    }

    @ParameterizedTest(name = "subject.id {0} in {1} with artifact {2} is service {3}")
    @CsvSource(nullValues = "-", value = {
        "checkout,            production, -,                            checkout",
        "service/checkout,    production, -,                            checkout",
        "services/checkout,   production, -,                            checkout",
        "prod/checkout,       prod,       -,                            checkout",
        "checkout/production, production, -,                            checkout",
        "checkout/prod,       prod,       pkg:oci/other@sha256%3Aabc1,  checkout",
        "team/ns/checkout,    production, -,                            checkout",
        "team/ns/checkout,    production, pkg:oci/checkout?tag=1.0,     checkout",
        "/checkout/,          production, -,                            checkout",
        // ambiguous: two or more segments, none of them the environment's
        "checkout/production, prod,       pkg:oci/checkout?tag=1.0,     checkout",
        "shop/checkout,       prod,       pkg:docker/acme/checkout@1.0, checkout",
        "production,          production, pkg:oci/checkout?tag=1.0,     checkout",
        "/dev/service/run/subject, dev,   pkg:oci/myapp@sha256%3A0b31,  myapp",
    })
    void eachIdShapeInBothModes(String subjectId, String environment, String artifactId, String service) {
        String artifact = artifactId != null ? artifactId : "pkg:oci/x?tag=1.0";
        ObjectNode cdevent = cdevent(subjectId, environment, artifactId != null ? artifact : null);
        if (artifactId == null) {
            cdevent.withObject("/customData/postflight").put("version", "1.0");
        }

        assertThat(structuredMode(cdevent).service()).isEqualTo(service);
        assertThat(binaryMode(cdevent).service()).isEqualTo(service);
    }

    @Test
    void customDataNamesTheServiceWhateverTheId() {
        ObjectNode cdevent = cdevent("checkout/production", "production", "pkg:oci/checkout-api?tag=2.0");
        cdevent.withObject("/customData/postflight").put("service", "payments");

        assertThat(structuredMode(cdevent).service()).isEqualTo("payments");
        assertThat(binaryMode(cdevent).service()).isEqualTo("payments");
    }

    @Test
    void anIdThatIsOnlyTheEnvironmentWithNoArtifactNameIsRejectedWithTheWayOut() {
        ObjectNode cdevent = cdevent("production", "production", null);
        cdevent.withObject("/customData/postflight").put("version", "1.0");

        RejectedEventException e = rejection(binaryHeaders(cdevent, "application/json"), bytes(cdevent));

        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_INVALID);
        assertThat(e.getMessage()).contains("'production'").contains("environment")
                .contains("customData.postflight.service");
    }
}
