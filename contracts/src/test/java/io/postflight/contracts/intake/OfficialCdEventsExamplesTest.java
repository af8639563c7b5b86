package io.postflight.contracts.intake;

import static io.postflight.contracts.intake.IntakeFixtures.STRUCTURED;
import static io.postflight.contracts.intake.IntakeFixtures.binaryHeaders;
import static io.postflight.contracts.intake.IntakeFixtures.bytes;
import static io.postflight.contracts.intake.IntakeFixtures.decode;
import static io.postflight.contracts.intake.IntakeFixtures.json;
import static io.postflight.contracts.intake.IntakeFixtures.resource;
import static io.postflight.contracts.intake.IntakeFixtures.structured;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeployEvent;
import io.postflight.contracts.DeploymentRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every official CDEvents example of a service deployment, upgrade and rollback (spec 0.3.0
 * {@code examples/}, 0.4.1 and 0.5.1 {@code conformance/}, and the main branch at a pinned commit;
 * sources in {@code intake/cdevents/official/SOURCES.md}) is a deployment, in both CloudEvents Kafka
 * modes. Their artifact is pinned by digest only, so the digest is the version.
 */
class OfficialCdEventsExamplesTest {

    static final List<String> SPEC_FOLDERS = List.of("spec-v0.3.0", "spec-v0.4.1", "spec-v0.5.1", "spec-main-8917b18");
    static final String DIGEST = "sha256:0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427";

    static List<Arguments> examples() {
        List<Arguments> all = new ArrayList<>();
        for (String folder : SPEC_FOLDERS) {
            all.add(Arguments.of(folder + "/service_deployed.json", DeployAction.DEPLOYED));
            all.add(Arguments.of(folder + "/service_upgraded.json", DeployAction.UPGRADED));
            all.add(Arguments.of(folder + "/service_rolledback.json", DeployAction.ROLLED_BACK));
        }
        return all;
    }

    private static final DeploymentRef EXPECTED = new DeploymentRef("271069a8-fc18-44f1-b38f-9d70a1695819",
            "mySubject123", "test123", DIGEST, DIGEST, null);

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void binaryModeAsTheBindingWritesIt(String example, DeployAction action) {
        ObjectNode cdevent = json("cdevents/official/" + example);

        DeployEvent event = decode(binaryHeaders(cdevent, "application/json"), resource("cdevents/official/" + example));

        assertThat(event.deployment()).isEqualTo(EXPECTED);
        assertThat(event.action()).isEqualTo(action);
        assertThat(event.intakeFormat()).isEqualTo("cloudevents-binary");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void structuredModeWithAFreshCloudEventId(String example, DeployAction action) {
        ObjectNode envelope = structured(json("cdevents/official/" + example));
        String fresh = UUID.randomUUID().toString();
        envelope.put("id", fresh);

        DeployEvent event = decode(Map.of("content-type", STRUCTURED), bytes(envelope));

        // The examples share one context.id; each fresh envelope is a deployment of its own.
        assertThat(event.deployment()).isEqualTo(new DeploymentRef(fresh, EXPECTED.service(), EXPECTED.environment(),
                EXPECTED.version(), EXPECTED.artifactDigest(), null));
        assertThat(event.action()).isEqualTo(action);
        assertThat(event.event().id()).isEqualTo(fresh);
        assertThat(event.intakeFormat()).isEqualTo("cloudevents-structured");
    }
}
