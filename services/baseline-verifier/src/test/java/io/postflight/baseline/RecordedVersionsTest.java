package io.postflight.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.baseline.BaselineVerification.Stage;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Phase;
import io.postflight.contracts.Target;
import io.postflight.contracts.VerificationStarted;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The versions a verification needs are recorded from when its deploy event reached Postflight,
 * so a verifier that gets to them late knows the span in between was its own delay.
 */
class RecordedVersionsTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void bothVersionsAreDueFromWhenTheDeployEventReachedPostflight() {
        RecordingWatch watch = new RecordingWatch();
        new RecordedVersions(watch).sync(List.of(verification(RECEIVED, RECEIVED.plusSeconds(40))));
        assertThat(watch.since).containsEntry("checkout/prod/2.0", RECEIVED).containsEntry("checkout/prod/1.0", RECEIVED);
    }

    @Test
    void withoutAnArrivalTimeOrWithOneAfterTheStartTheyAreDueFromTheStart() {
        Instant started = RECEIVED.plusSeconds(40);
        RecordingWatch unknown = new RecordingWatch();
        new RecordedVersions(unknown).sync(List.of(verification(null, started)));
        assertThat(unknown.since).containsEntry("checkout/prod/2.0", started);
        // A producer's clock ahead of the gateway's: the start is the earliest that is known.
        RecordingWatch ahead = new RecordingWatch();
        new RecordedVersions(ahead).sync(List.of(verification(started.plusSeconds(5), started)));
        assertThat(ahead.since).containsEntry("checkout/prod/2.0", started);
    }

    private static BaselineVerification verification(Instant receivedAt, Instant startedAt) {
        DeploymentRef d = new DeploymentRef("d1", "checkout", "prod", "2.0", null, "1.0");
        VerificationStarted v = new VerificationStarted(VerificationStarted.SCHEMA, d, DeployAction.DEPLOYED,
                List.of(new Target("checkout-0", "http://checkout-0:8080")), List.of(Phase.HEALTH, Phase.BASELINE),
                startedAt, null, null, receivedAt);
        return new BaselineVerification(v, List.of(new Target("checkout-old", "http://checkout-old:8080")),
                Stage.RUNNING, startedAt, Long.MAX_VALUE, null, 0, null, Long.MAX_VALUE);
    }
}
