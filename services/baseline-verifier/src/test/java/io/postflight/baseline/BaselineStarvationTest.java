package io.postflight.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.baseline.FakeTraffic.Profile;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.VerificationStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: under {@code stress-ng} a healthy version was HELD with "data missing: 72 % of the
 * window observed on both sides": the scrapes that went missing were the starved verifier's own,
 * not the version's. The phase must say the verifier was overloaded, and stay INCONCLUSIVE (a HOLD).
 * In Kafka's test driver ({@link BaselineTopologyDriver}: 10-minute window, extended by up to 10).
 */
class BaselineStarvationTest {
    private static final Instant T0 = BaselineTopologyDriver.T0;
    private final FakeTraffic traffic = new FakeTraffic();
    private BaselineTopologyDriver driver;

    @BeforeEach
    void setUp() {
        driver = new BaselineTopologyDriver(traffic, new RecordingWatch());
        traffic.versions.put("1.0.0", Profile.healthy());
        traffic.versions.put("1.1.0", Profile.healthy());
        // Seven minutes of the window never sampled, on both sides.
        traffic.gapFrom = T0.plus(Duration.ofMinutes(2)).getEpochSecond();
        traffic.gapTo = T0.plus(Duration.ofMinutes(9)).getEpochSecond();
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private PhaseResult onlyResultAfterTheExtension() {
        VerificationStarted v = driver.deploy("d1", "1.1.0", "1.0.0");
        driver.health(v, PhaseOutcome.PASSED);
        driver.advance(Duration.ofMinutes(30));
        List<PhaseResult> all = driver.baselineResults();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void dataMissingBecauseTheVerifierWasStarvedIsHeldAsTheVerifierOverloaded() {
        traffic.gapStarved = true;
        PhaseResult r = onlyResultAfterTheExtension();
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.INCONCLUSIVE);
        assertThat(r.summary()).startsWith("verifier overloaded: its own scrapes ran late or not at all in 7 of")
                .doesNotContain("data missing").contains("(window extended to ").doesNotContain("to 0 min");
        assertThat(r.evidence().stream().filter(e -> e.check().equals("traffic")).findFirst().orElseThrow()
                .figures()).containsEntry("verifierStarvedSteps", 7.0);
    }

    @Test
    void dataMissingWhileTheVerifierRanOnTimeIsStillDataMissing() {
        PhaseResult r = onlyResultAfterTheExtension();
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.INCONCLUSIVE);
        assertThat(r.summary()).startsWith("data missing").doesNotContain("overloaded");
    }
}
