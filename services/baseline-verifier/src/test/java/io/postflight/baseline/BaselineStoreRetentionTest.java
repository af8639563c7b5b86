package io.postflight.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.baseline.FakeTraffic.Profile;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.VerificationStarted;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cleanup rule of {@code baseline-verifications}: one record per slot, kept after its phase
 * because the slot's next deployment needs it (the version then serving and its instances, the
 * concurrent control), and replaced by that next deployment. The store grows with the number of
 * slots, never with the number of deployments.
 */
class BaselineStoreRetentionTest {
    private final FakeTraffic traffic = new FakeTraffic();
    private BaselineTopologyDriver driver;

    @BeforeEach
    void setUp() {
        driver = new BaselineTopologyDriver(traffic, new RecordingWatch());
        traffic.versions.put("1.0.0", Profile.healthy());
        traffic.versions.put("1.1.0", Profile.healthy());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private long records() {
        long n = 0;
        try (var it = driver.store().all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    @Test
    void aSlotKeepsOneRecordAfterItsPhaseAndTheNextDeploymentReplacesIt() {
        VerificationStarted first = driver.deploy("d1", "1.1.0", "1.0.0");
        driver.health(first, PhaseOutcome.PASSED);
        driver.advance(Duration.ofMinutes(20));
        assertThat(driver.baselineResults()).hasSize(1);
        BaselineVerification kept = driver.store().get("checkout/prod");
        assertThat(kept.stage().inProgress()).as("the phase is over").isFalse();
        assertThat(kept.deploymentId()).as("kept: the next deployment compares with this version").isEqualTo("d1");

        for (int i = 2; i <= 6; i++) {
            driver.deploy("d" + i, "1." + i + ".0", "1." + (i - 1) + ".0");
        }
        assertThat(records()).as("one record per slot, whatever the number of deployments").isEqualTo(1);
        BaselineVerification latest = driver.store().get("checkout/prod");
        assertThat(latest.deploymentId()).isEqualTo("d6");
        assertThat(latest.targetsOf("1.5.0")).as("the previous version's instances, from the replaced record")
                .isNotEmpty();
    }
}
