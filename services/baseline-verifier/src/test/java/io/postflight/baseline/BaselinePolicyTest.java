package io.postflight.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.baseline.FakeTraffic.Profile;
import io.postflight.contracts.InconclusiveAction;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.VerificationPolicy;
import io.postflight.contracts.VerificationStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The baseline phase judges each deployment under the policy its verification carries, in Kafka's
 * test driver ({@link BaselineTopologyDriver}: 10-minute window, phase end 15 min, 10-minute
 * extension, 1000 requests a side needed for a PASS). The same traffic, another policy, another outcome.
 */
class BaselinePolicyTest {
    private static final Instant T0 = BaselineTopologyDriver.T0;
    private final FakeTraffic traffic = new FakeTraffic();
    private BaselineTopologyDriver driver;

    @BeforeEach
    void setUp() {
        driver = new BaselineTopologyDriver(traffic, new RecordingWatch());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static VerificationPolicy policy(Long minRequests, Double errorRatio, Double errorExcess,
                                             Duration window, Duration maxExtension) {
        return new VerificationPolicy("checkout-prod", "service/environment", InconclusiveAction.HOLD, minRequests,
                errorRatio, errorExcess, null, null, window, maxExtension);
    }

    private PhaseResult run(VerificationPolicy policy, Duration length) {
        VerificationStarted v = driver.deploy("d1", "1.1.0", "1.0.0", policy);
        driver.health(v, PhaseOutcome.PASSED);
        driver.advance(length);
        List<PhaseResult> all = driver.baselineResults();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void aServicesLooserErrorToleranceTurnsTheSameRegressionFromRollbackIntoPass() {
        // 3 % against 1 %: three times the comparison, two points more. Under the default tolerance
        // (1.5×, +0.1 pt) a regression; for a service that tolerates 4× and +5 points, it is not.
        traffic.versions.put("1.0.0", Profile.healthy());
        traffic.versions.put("1.1.0", Profile.healthy().withErrors(30));

        assertThat(run(null, Duration.ofMinutes(12)).outcome()).isEqualTo(PhaseOutcome.FAILED);
        driver.close();
        driver = new BaselineTopologyDriver(traffic, new RecordingWatch());
        PhaseResult tolerant = run(policy(null, 4.0, 0.05, null, null), Duration.ofMinutes(12));

        assertThat(tolerant.outcome()).isEqualTo(PhaseOutcome.PASSED);
    }

    @Test
    void aServicesLowerMinimumTrafficPassesAtTheWindowsEndInsteadOfExtending() {
        // 60 requests a minute: 600 a side in the 10-minute window, short of the configured 1000.
        traffic.versions.put("1.0.0", new Profile(60, 0, FakeTraffic.NORMAL, Long.MAX_VALUE));
        traffic.versions.put("1.1.0", new Profile(60, 0, FakeTraffic.NORMAL, Long.MAX_VALUE));

        PhaseResult r = run(policy(500L, null, null, null, null), Duration.ofMinutes(14));

        assertThat(r.outcome()).isEqualTo(PhaseOutcome.PASSED);
        assertThat(r.decidedAt()).isBefore(T0.plus(Duration.ofMinutes(13)));
    }

    @Test
    void aServicesMaximumExtensionOfZeroEndsAnInconclusivePhaseAtThePhaseEnd() {
        // 10 requests a minute never suffice; the configured extension would look on until 25 min.
        traffic.versions.put("1.0.0", new Profile(10, 0, FakeTraffic.NORMAL, Long.MAX_VALUE));
        traffic.versions.put("1.1.0", new Profile(10, 0, FakeTraffic.NORMAL, Long.MAX_VALUE));

        PhaseResult r = run(policy(null, null, null, null, Duration.ZERO), Duration.ofMinutes(18));

        assertThat(r.outcome()).isEqualTo(PhaseOutcome.INCONCLUSIVE);
        assertThat(r.decidedAt()).isBefore(T0.plus(Duration.ofMinutes(18)));
        assertThat(r.summary()).doesNotContain("window extended");
    }

    @Test
    void aServicesLongerWindowKeepsWatchingPastTheConfiguredWindow() {
        traffic.versions.put("1.0.0", Profile.healthy());
        traffic.versions.put("1.1.0", Profile.healthy());

        VerificationStarted v = driver.deploy("d1", "1.1.0", "1.0.0", policy(null, null, null,
                Duration.ofMinutes(20), null));
        driver.health(v, PhaseOutcome.PASSED);
        driver.advance(Duration.ofMinutes(14));
        assertThat(driver.baselineResults()).as("the configured 10-minute window would have passed").isEmpty();
        driver.advance(Duration.ofMinutes(9));
        List<PhaseResult> all = driver.baselineResults();

        assertThat(all).extracting(PhaseResult::outcome).containsExactly(PhaseOutcome.PASSED);
        assertThat(all.get(0).decidedAt()).isAfter(T0.plus(Duration.ofMinutes(20)));
    }
}
