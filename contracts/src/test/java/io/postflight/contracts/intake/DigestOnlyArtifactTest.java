package io.postflight.contracts.intake;

import static io.postflight.contracts.intake.IntakeFixtures.STRUCTURED;
import static io.postflight.contracts.intake.IntakeFixtures.binaryHeaders;
import static io.postflight.contracts.intake.IntakeFixtures.bytes;
import static io.postflight.contracts.intake.IntakeFixtures.decode;
import static io.postflight.contracts.intake.IntakeFixtures.structured;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postflight.contracts.DeploymentRef;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An artifact pinned by digest only is a deployment: the version comes from a {@code tag} or
 * {@code version} qualifier or {@code customData.postflight.version}, else it is the digest itself.
 */
class DigestOnlyArtifactTest {

    private static final String HEX = "0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427";
    private static final String DIGEST = "sha256:" + HEX;
    private static final String PINNED = "pkg:oci/checkout@sha256%3A" + HEX;

    private static DeploymentRef both(ObjectNode cdevent) {
        DeploymentRef structured = decode(Map.of("content-type", STRUCTURED), bytes(structured(cdevent))).deployment();
        DeploymentRef binary = decode(binaryHeaders(cdevent, "application/json"), bytes(cdevent)).deployment();
        assertThat(binary).isEqualTo(structured);
        return structured;
    }

    private static ObjectNode deployed(String artifactId) {
        return ServiceNameFromSubjectIdTest.cdevent("checkout", "production", artifactId);
    }

    @Test
    void aDigestOnlyPurlIsVerifiedWithTheDigestAsItsVersion() {
        DeploymentRef d = both(deployed(PINNED + "?repository_url=mycr.io/checkout"));

        assertThat(d.version()).isEqualTo(DIGEST);
        assertThat(d.artifactDigest()).isEqualTo(DIGEST);
        assertThat(d.versionForPeople()).isEqualTo("sha256:0b31b1c02ff4");
    }

    @Test
    void aDigestOnlyImageReferenceToo() {
        DeploymentRef d = both(deployed("mycr.io/shop/checkout@" + DIGEST));

        assertThat(d.version()).isEqualTo(DIGEST);
        assertThat(d.artifactDigest()).isEqualTo(DIGEST);
    }

    @Test
    void aTagQualifierIsTheVersionAndTheDigestStaysTheDigest() {
        DeploymentRef d = both(deployed(PINNED + "?tag=v1.2.3"));

        assertThat(d.version()).isEqualTo("v1.2.3");
        assertThat(d.artifactDigest()).isEqualTo(DIGEST);
        assertThat(d.versionForPeople()).isEqualTo("v1.2.3");
    }

    @Test
    void aVersionQualifierIsTheVersion() {
        DeploymentRef d = both(deployed(PINNED + "?version=1.4.2"));

        assertThat(d.version()).isEqualTo("1.4.2");
        assertThat(d.artifactDigest()).isEqualTo(DIGEST);
    }

    @Test
    void customDataOutranksTheArtifact() {
        ObjectNode cdevent = deployed(PINNED + "?tag=v1.2.3");
        cdevent.withObject("/customData/postflight").put("version", "1.2.3-rc.1");

        DeploymentRef d = both(cdevent);

        assertThat(d.version()).isEqualTo("1.2.3-rc.1");
        assertThat(d.artifactDigest()).isEqualTo(DIGEST);
    }
}
