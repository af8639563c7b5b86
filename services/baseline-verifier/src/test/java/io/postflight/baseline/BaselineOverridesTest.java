package io.postflight.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.baseline.FakeTraffic.Profile;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.VerificationStarted;
import io.postflight.testing.AuditedOverrides;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operators' overrides as the baseline verifier applies them: only those the decision engine
 * applied (its audit records), an ABORT ending the phase without a result, an EXTEND of BASELINE
 * moving the phase's end once per override id ({@link BaselineTopologyDriver}: phase end 15 min,
 * 10 min of extension for an inconclusive window).
 */
class BaselineOverridesTest {
    private static final Instant T0 = BaselineTopologyDriver.T0;
    private static final String SLOT = "checkout/prod";
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

    @Test
    void anAppliedAbortStopsThePhaseAndNoResultFollows() {
        VerificationStarted v = driver.deploy("d1", "1.1.0", "1.0.0");
        driver.health(v, PhaseOutcome.PASSED);
        driver.advance(Duration.ofMinutes(3));

        driver.audit(AuditedOverrides.applied(AuditedOverrides.abort("ov-1", "d1", SLOT)));
        driver.advance(Duration.ofSeconds(10));
        int queries = traffic.queries.size();
        driver.advance(Duration.ofMinutes(30));

        assertThat(driver.baselineResults()).as("no result for an aborted phase").isEmpty();
        assertThat(traffic.queries).as("no look or fast check after the abort").hasSize(queries);
        BaselineVerification kept = driver.store().get(SLOT);
        assertThat(kept.stage()).as("kept for the next deployment's baseline")
                .isEqualTo(BaselineVerification.Stage.CANDIDATE_KEPT);
        assertThat(driver.deadLetters()).isEmpty();
    }

    @Test
    void anAbortTheEngineRefusedOrOfAnotherDeploymentChangesNothing() {
        VerificationStarted v = driver.deploy("d1", "1.1.0", "1.0.0");
        driver.health(v, PhaseOutcome.PASSED);
        driver.audit(AuditedOverrides.refused(AuditedOverrides.abort("ov-1", "d1", SLOT), "already promoted"));
        driver.audit(AuditedOverrides.applied(AuditedOverrides.abort("ov-2", "d0", SLOT)));
        driver.advance(Duration.ofMinutes(12));

        assertThat(driver.baselineResults()).extracting(PhaseResult::outcome).containsExactly(PhaseOutcome.PASSED);
    }

    @Test
    void anAppliedExtendMovesThePhaseEndOncePerOverrideId() {
        // 10 requests a minute never suffice: without the EXTEND the phase ends INCONCLUSIVE at 15 + 10 min.
        traffic.versions.put("1.0.0", new Profile(10, 0, FakeTraffic.NORMAL, Long.MAX_VALUE));
        traffic.versions.put("1.1.0", new Profile(10, 0, FakeTraffic.NORMAL, Long.MAX_VALUE));
        VerificationStarted v = driver.deploy("d1", "1.1.0", "1.0.0");
        driver.health(v, PhaseOutcome.PASSED);
        driver.advance(Duration.ofMinutes(5));
        OverrideCommand extend = AuditedOverrides.extend("ov-x", "d1", SLOT, Phase.BASELINE, Duration.ofMinutes(10));
        driver.audit(AuditedOverrides.applied(extend));
        driver.audit(AuditedOverrides.applied(extend)); // read again: counted once
        driver.audit(AuditedOverrides.applied(AuditedOverrides.extend("ov-h", "d1", SLOT, Phase.HEALTH,
                Duration.ofHours(1)))); // another phase's: not this verifier's

        driver.advance(Duration.ofMinutes(29));
        assertThat(driver.baselineResults()).as("the phase now ends 10 min later").isEmpty();
        driver.advance(Duration.ofMinutes(3));
        List<PhaseResult> all = driver.baselineResults();
        assertThat(all).extracting(PhaseResult::outcome).containsExactly(PhaseOutcome.INCONCLUSIVE);
        assertThat(all.get(0).decidedAt()).isAfterOrEqualTo(T0.plus(Duration.ofMinutes(35)))
                .as("extended once, not twice").isBefore(T0.plus(Duration.ofMinutes(37)));
        assertThat(driver.store().get(SLOT).extension().overrideIds()).containsExactly("ov-x");
    }
}
