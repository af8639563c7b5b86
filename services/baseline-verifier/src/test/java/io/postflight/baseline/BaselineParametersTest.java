package io.postflight.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.InconclusiveAction;
import io.postflight.contracts.VerificationPolicy;
import io.postflight.judge.baseline.BaselinePolicy;
import io.postflight.judge.schedule.BaselineSchedule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A policy's knobs over the configured judge parameters and timing; what it leaves out stays configured. */
class BaselineParametersTest {
    private final BaselineParameters parameters = new BaselineParameters(BaselinePolicy.DEFAULT,
            BaselineSchedule.DEFAULT);

    @Test
    void withoutAPolicyOrWithTheDefaultOneTheConfiguredParametersApply() {
        assertThat(parameters.judgePolicy(null)).isEqualTo(BaselinePolicy.DEFAULT);
        assertThat(parameters.judgePolicy(VerificationPolicy.DEFAULT)).isEqualTo(BaselinePolicy.DEFAULT);
        assertThat(parameters.timing(null)).isSameAs(BaselineSchedule.DEFAULT);
    }

    @Test
    void thePolicysKnobsReplaceTheConfiguredOnesAndNothingElse() {
        VerificationPolicy p = new VerificationPolicy("p", "service", InconclusiveAction.HOLD, 200L, 2.0, 0.004, 1.8,
                0.006, Duration.ofMinutes(20), Duration.ofMinutes(50));

        BaselinePolicy judge = parameters.judgePolicy(p);

        assertThat(judge).isEqualTo(new BaselinePolicy(Duration.ofMinutes(20), BaselinePolicy.DEFAULT_WARM_UP,
                BaselinePolicy.DEFAULT_BLIP_ALLOWANCE, 200, BaselinePolicy.DEFAULT_MIN_COVERAGE,
                BaselinePolicy.DEFAULT_ALPHA, 2.0, 0.004, 1.8, 0.006, BaselinePolicy.DEFAULT_HARD_ERROR_EXCESS,
                BaselinePolicy.DEFAULT_HARD_ERROR_PERIOD, BaselinePolicy.DEFAULT_HARD_LATENCY_FACTOR,
                BaselinePolicy.DEFAULT_HARD_CHECK_INTERVAL, BaselinePolicy.DEFAULT_HARD_CONSECUTIVE_CHECKS,
                BaselinePolicy.DEFAULT_HARD_MIN_REQUESTS));
        BaselineSchedule timing = parameters.timing(p);
        assertThat(timing.maxExtension()).isEqualTo(Duration.ofMinutes(50));
        assertThat(timing.phaseEnd()).as("a shorter window keeps the configured end").isEqualTo(Duration.ofMinutes(30));
        assertThat(timing.phaseStart()).isEqualTo(BaselineSchedule.DEFAULT.phaseStart());
        assertThat(timing.fastChecks()).isEqualTo(BaselineSchedule.DEFAULT.fastChecks());
    }

    @Test
    void aPolicysPassConfidenceReplacesTheConfiguredOne() {
        VerificationPolicy p = new VerificationPolicy("p", "service", null, null, null, null, null, null, null, null,
                0.8);

        assertThat(parameters.judgePolicy(p).passConfidence()).isEqualTo(0.8);
        assertThat(parameters.judgePolicy(VerificationPolicy.DEFAULT).passConfidence())
                .isEqualTo(BaselinePolicy.DEFAULT_PASS_CONFIDENCE);
    }

    @Test
    void aWindowLongerThanTheConfiguredPhaseEndMovesTheEndWithIt() {
        VerificationPolicy p = new VerificationPolicy("p", "service", null, null, null, null, null, null,
                Duration.ofMinutes(45), null);

        BaselineSchedule timing = parameters.timing(p);

        assertThat(timing.phaseEnd()).isEqualTo(Duration.ofMinutes(45));
        assertThat(timing.maxExtension()).isEqualTo(BaselineSchedule.DEFAULT_MAX_EXTENSION);
    }
}
