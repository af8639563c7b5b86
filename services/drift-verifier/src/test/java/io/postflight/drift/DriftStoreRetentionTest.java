package io.postflight.drift;

import static io.postflight.drift.DriftHarness.T0;
import static io.postflight.drift.DriftHarness.deployment;
import static io.postflight.drift.DriftHarness.promote;
import static io.postflight.drift.DriftHarness.verification;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Phase;
import io.postflight.contracts.VerificationStarted;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cleanup rules of {@code drift-watches} and {@code drift-samples}: a finished watch stays as
 * the slot's one record (so a re-delivered PROMOTE starts nothing) until the slot's next deployment
 * replaces it; the samples of a watch are deleted when its phase ends. Neither grows with the number
 * of deployments.
 */
class DriftStoreRetentionTest {
    private static final Duration PHASE = Duration.ofHours(6);
    private static final DriftConfig SIX_HOURS = DriftConfig.defaults()
            .withTimings(PHASE, Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofMinutes(1));

    @TempDir
    Path stateDir;
    private DriftHarness h;

    @AfterEach
    void tearDown() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aFinishedWatchIsTheSlotsOnlyRecordItsSamplesAreGoneAndTheNextDeploymentReplacesIt() {
        FakeResources source = new FakeResources().memoryLimit(2.0 * 1024 * 1024 * 1024)
                .version("1.9.0", FakeResources.steady(1)).version("2.0.0", FakeResources.steady(2));
        h = new DriftHarness(SIX_HOURS, source, stateDir, "drift-retention-test", T0.minus(Duration.ofMinutes(30)));
        VerificationStarted v = verification(deployment("d1", "2.0.0", "1.9.0"), h.now(), Phase.HEALTH, Phase.DRIFT);
        h.send(v);
        h.advanceTo(T0);
        h.send(promote(v, T0));
        h.advanceTo(T0.plus(Duration.ofHours(1)));
        assertThat(h.sampleKeys()).as("samples kept while watching").isNotEmpty();
        h.advanceTo(T0.plus(PHASE).plus(Duration.ofHours(1)));
        assertThat(h.results()).hasSize(1);
        assertThat(h.watches().get("checkout/prod").stage()).isEqualTo(DriftWatch.Stage.FINISHED);
        assertThat(h.sampleKeys()).as("samples deleted when the phase ends").isEmpty();

        h.send(promote(v, T0));
        h.advanceTo(h.now().plus(Duration.ofMinutes(10)));
        assertThat(h.results()).as("a re-delivered PROMOTE starts nothing").isEmpty();

        for (int i = 2; i <= 5; i++) {
            h.send(verification(deployment("d" + i, "2." + i + ".0", "2.0.0"), h.now(), Phase.HEALTH, Phase.DRIFT));
        }
        int records = 0;
        try (var all = h.watches().all()) {
            while (all.hasNext()) {
                all.next();
                records++;
            }
        }
        assertThat(records).as("one record per slot, whatever the number of deployments").isEqualTo(1);
        assertThat(h.watches().get("checkout/prod").deploymentId()).isEqualTo("d5");
    }
}
