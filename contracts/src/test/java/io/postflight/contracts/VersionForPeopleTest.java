package io.postflight.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A digest-pinned deployment keeps its full digest as identity and reads short in wording. */
class VersionForPeopleTest {

    private static final String DIGEST = "sha256:0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427";

    @Test
    void aDigestVersionIsShortenedToTwelveHexDigits() {
        assertThat(DeploymentRef.forPeople(DIGEST)).isEqualTo("sha256:0b31b1c02ff4");
        assertThat(DeploymentRef.forPeople("sha512:" + "ab".repeat(64))).isEqualTo("sha512:abababababab");
    }

    @Test
    void anyOtherVersionIsAsIs() {
        assertThat(DeploymentRef.forPeople("1.4.2")).isEqualTo("1.4.2");
        assertThat(DeploymentRef.forPeople("3f2a1cd9e4b7")).isEqualTo("3f2a1cd9e4b7");
        assertThat(DeploymentRef.forPeople("build:20261127")).isEqualTo("build:20261127");
        assertThat(DeploymentRef.forPeople(null)).isNull();
    }

    @Test
    void anAlertNamesTheShortDigestAndTheRecordKeepsTheFullOne() {
        DeploymentRef pinned = new DeploymentRef("d-1", "checkout", "production", DIGEST, DIGEST, null);
        Decision rollback = new Decision(Decision.SCHEMA, "d-1:rollback", pinned, DecisionKind.ROLLBACK, false,
                List.of("health FAILED"), List.of(), java.util.Map.of(), Instant.parse("2026-11-27T10:00:00Z"), null);

        Alert alert = Alert.forDecision(rollback);

        assertThat(alert.summary()).isEqualTo("ROLLBACK checkout sha256:0b31b1c02ff4 in production: health FAILED");
        assertThat(alert.decision().deployment().version()).isEqualTo(DIGEST);
    }
}
