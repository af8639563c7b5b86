package io.postflight.verdict.gate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Flagger's contract per hook: which decisions let it proceed (200) and which halt it (412). */
class FlaggerHookTest {

    @Test
    void confirmPromotionPassesOnlyAPromotedDeployment() {
        assertThat(FlaggerHook.CONFIRM_PROMOTION.passes(GateDecision.PROMOTED)).isTrue();
        assertThat(FlaggerHook.CONFIRM_PROMOTION.passes(GateDecision.UNDECIDED)).as("Flagger waits").isFalse();
        assertThat(FlaggerHook.CONFIRM_PROMOTION.passes(GateDecision.ROLLED_BACK)).isFalse();
    }

    @Test
    void rolloutFailsOnlyARolledBackOrAbortedDeployment() {
        assertThat(FlaggerHook.ROLLOUT.passes(GateDecision.ROLLED_BACK)).isFalse();
        assertThat(FlaggerHook.ROLLOUT.passes(GateDecision.ABORTED)).as("no canary advanced on no verification")
                .isFalse();
        assertThat(FlaggerHook.CONFIRM_PROMOTION.passes(GateDecision.ABORTED)).isFalse();
        assertThat(FlaggerHook.ROLLBACK.passes(GateDecision.ABORTED)).as("a person decides, not Postflight").isFalse();
        assertThat(FlaggerHook.ROLLOUT.passes(GateDecision.UNDECIDED))
                .as("a failed rollout hook counts toward the rollback threshold").isTrue();
        assertThat(FlaggerHook.ROLLOUT.passes(GateDecision.PROMOTED)).isTrue();
    }

    @Test
    void rollbackPassesOnlyARolledBackDeployment() {
        assertThat(FlaggerHook.ROLLBACK.passes(GateDecision.ROLLED_BACK)).isTrue();
        assertThat(FlaggerHook.ROLLBACK.passes(GateDecision.UNDECIDED)).as("a pass rolls back at once").isFalse();
        assertThat(FlaggerHook.ROLLBACK.passes(GateDecision.PROMOTED)).isFalse();
    }

    @Test
    void hooksAreNamedAsInTheCanarySpecAndHaltIsNotRetriedByFlagger() {
        assertThat(FlaggerHook.of("confirm-promotion")).contains(FlaggerHook.CONFIRM_PROMOTION);
        assertThat(FlaggerHook.of("rollout")).contains(FlaggerHook.ROLLOUT);
        assertThat(FlaggerHook.of("rollback")).contains(FlaggerHook.ROLLBACK);
        assertThat(FlaggerHook.of("pre-rollout")).isEmpty();
        int halt = FlaggerHook.HALT.getCode();
        assertThat(halt).as("above 202 is a failure to Flagger").isGreaterThan(202)
                .as("5xx and 429 are retried by its client").isLessThan(500).isNotEqualTo(429);
    }
}
