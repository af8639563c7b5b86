package io.postflight.verdict.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeploymentRef;
import io.postflight.verdict.delivery.DeliveryScript;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RollbackTrackingTest {
    private static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");
    private static final Duration DEADLINE = Duration.ofMinutes(20);
    private static final Duration WATCH = Duration.ofHours(24);
    private static final DeploymentRef BAD = DeliveryScript.ref("bad", "shop", "prod", "1.3.0", "1.2.0");
    private static final DeploymentRef BACK = DeliveryScript.ref("back", "shop", "prod", "1.2.0", "1.3.0");

    /** {@code BAD} deployed at T0 and rolled back by Postflight 5 minutes later. */
    private static DeliveryScript rolledBack() {
        return new DeliveryScript(T0).deployed(BAD, Duration.ZERO)
                .decided(BAD, DecisionKind.ROLLBACK, false, Duration.ofMinutes(5));
    }

    private static List<RollbackStatus> at(DeliveryScript s, Duration after) {
        return RollbackTracking.of(s.histories(), T0.plus(after), DEADLINE, WATCH, Set.of("prod"));
    }

    @Test
    void nothingAnnouncedIsWaitingAndOverdueFromTheDeadlineOn() {
        RollbackStatus before = at(rolledBack(), Duration.ofMinutes(24)).get(0);
        assertThat(before.state()).isEqualTo(RollbackState.WAITING);
        assertThat(before.overdue()).as("decided at 5 min, deadline 20 min: due at 25 min").isFalse();
        RollbackStatus after = at(rolledBack(), Duration.ofMinutes(25)).get(0);
        assertThat(after.overdue()).isTrue();
        assertThat(after.target()).isEqualTo("1.2.0");
        assertThat(after.summary()).isEqualTo("rollback of 1.3.0 in shop/prod (decided 2026-11-29T08:05:00Z): nothing"
                + " deployed since; expected 1.2.0 back, past the deadline of 20 min: the CD system has not rolled"
                + " back, or not announced it");
    }

    @Test
    void inAnEnvironmentNotFollowedARollbackIsListedButNeverOverdue() {
        RollbackStatus r = RollbackTracking.of(rolledBack().histories(), T0.plus(Duration.ofHours(2)), DEADLINE,
                WATCH, Set.of("staging")).get(0);
        assertThat(r.state()).isEqualTo(RollbackState.WAITING);
        assertThat(r.overdue()).isFalse();
        assertThat(r.summary()).endsWith("(not followed in prod)");
    }

    @Test
    void theAnnouncedRollbackBeingVerifiedIsVerifyingAndHealthyItIsCompleteOnTarget() {
        DeliveryScript s = rolledBack().rollbackAnnounced(BACK, Duration.ofMinutes(6));
        RollbackStatus verifying = at(s, Duration.ofMinutes(30)).get(0);
        assertThat(verifying.state()).isEqualTo(RollbackState.VERIFYING);
        assertThat(verifying.by()).isEqualTo("back");
        assertThat(verifying.onTarget()).isTrue();
        assertThat(verifying.overdue()).isTrue();
        assertThat(verifying.summary()).contains("1.2.0 (deployment back) was deployed and is being verified, past");
        s.healthPassed(BACK, Duration.ofMinutes(40));
        RollbackStatus done = at(s, Duration.ofMinutes(45)).get(0);
        assertThat(done.state()).isEqualTo(RollbackState.COMPLETED);
        assertThat(done.overdue()).as("complete, even if late").isFalse();
        assertThat(done.completedAt()).isEqualTo(T0.plus(Duration.ofMinutes(40)));
        assertThat(done.onTarget()).isTrue();
        assertThat(done.summary()).endsWith("completed: back on 1.2.0, healthy 2100 s after the decision");
    }

    @Test
    void aRevertDeployedAsUsualIsCompleteWhenItsHealthPassesNotOnlyWhenPromoted() {
        DeploymentRef revert = DeliveryScript.ref("revert", "shop", "prod", "1.2.0", "1.3.0");
        DeliveryScript s = rolledBack().deployed(revert, Duration.ofMinutes(7)).healthPassed(revert, Duration.ofMinutes(11));
        RollbackStatus done = at(s, Duration.ofMinutes(30)).get(0);
        assertThat(done.state()).isEqualTo(RollbackState.COMPLETED);
        assertThat(done.onTarget()).isTrue();
        assertThat(done.completedAt()).isEqualTo(T0.plus(Duration.ofMinutes(11)));
    }

    @Test
    void aRollbackWhoseOwnVerificationFailsIsFailedAndNotTrackedAsARollbackOfItsOwn() {
        DeliveryScript s = rolledBack().rollbackAnnounced(BACK, Duration.ofMinutes(6))
                .decided(BACK, DecisionKind.ROLLBACK, false, Duration.ofMinutes(9));
        List<RollbackStatus> all = at(s, Duration.ofMinutes(26));
        assertThat(all).extracting(RollbackStatus::deploymentId).containsExactly("bad");
        RollbackStatus bad = all.get(0);
        assertThat(bad.state()).isEqualTo(RollbackState.FAILED);
        assertThat(bad.overdue()).isTrue();
        assertThat(bad.summary()).contains("its own verification did not pass (ROLLED_BACK)");
        DeliveryScript held = rolledBack().rollbackAnnounced(BACK, Duration.ofMinutes(6))
                .decided(BACK, DecisionKind.HOLD, false, Duration.ofMinutes(9));
        assertThat(at(held, Duration.ofMinutes(10)).get(0).state()).isEqualTo(RollbackState.FAILED);
        // a second attempt after the failed first is the one followed
        DeploymentRef again = DeliveryScript.ref("again", "shop", "prod", "1.2.0", "1.3.0");
        s.rollbackAnnounced(again, Duration.ofMinutes(12));
        RollbackStatus second = at(s, Duration.ofMinutes(13)).get(0);
        assertThat(second.state()).isEqualTo(RollbackState.VERIFYING);
        assertThat(second.by()).isEqualTo("again");
    }

    @Test
    void theBadVersionAnnouncedAgainRestoresNothing() {
        DeploymentRef same = DeliveryScript.ref("same", "shop", "prod", "1.3.0", "1.2.0");
        DeliveryScript s = rolledBack().rollbackAnnounced(same, Duration.ofMinutes(6))
                .decided(same, DecisionKind.PROMOTE, false, Duration.ofMinutes(10));
        RollbackStatus r = at(s, Duration.ofMinutes(30)).get(0);
        assertThat(r.state()).isEqualTo(RollbackState.WAITING);
        assertThat(r.overdue()).isTrue();
    }

    @Test
    void aNewerFixIsNamedWhileVerifiedAndCompletesItOffTarget() {
        DeploymentRef fix = DeliveryScript.ref("fix", "shop", "prod", "1.3.1", "1.3.0");
        DeliveryScript s = rolledBack().deployed(fix, Duration.ofMinutes(15));
        RollbackStatus verifying = at(s, Duration.ofMinutes(18)).get(0);
        assertThat(verifying.state()).isEqualTo(RollbackState.VERIFYING);
        assertThat(verifying.by()).isEqualTo("fix");
        assertThat(verifying.onTarget()).isFalse();
        s.decided(fix, DecisionKind.PROMOTE, false, Duration.ofMinutes(22));
        RollbackStatus done = at(s, Duration.ofHours(1)).get(0);
        assertThat(done.state()).isEqualTo(RollbackState.COMPLETED);
        assertThat(done.onTarget()).isFalse();
        assertThat(done.summary()).contains("completed: moved on to 1.3.1");
    }

    @Test
    void itsOwnEarlierPromotionDoesNotCompleteAPostPromotionRollback() {
        DeliveryScript s = new DeliveryScript(T0).deployed(BAD, Duration.ZERO).healthPassed(BAD, Duration.ofMinutes(4))
                .decided(BAD, DecisionKind.PROMOTE, false, Duration.ofMinutes(10))
                .decided(BAD, DecisionKind.ROLLBACK, true, Duration.ofHours(3));
        RollbackStatus r = at(s, Duration.ofHours(4)).get(0);
        assertThat(r.state()).isEqualTo(RollbackState.WAITING);
        assertThat(r.overdue()).isTrue();
    }

    @Test
    void onlyRollbacksDecidedWithinWatchForAreFollowedAndOtherSlotsDoNotMix() {
        DeploymentRef other = DeliveryScript.ref("other", "cart", "prod", "2.0.0", "1.9.0");
        DeliveryScript s = rolledBack().deployed(other, Duration.ofMinutes(1))
                .decided(other, DecisionKind.PROMOTE, false, Duration.ofMinutes(8));
        assertThat(at(s, Duration.ofHours(2)).get(0).state()).as("cart's promotion is not shop's restore")
                .isEqualTo(RollbackState.WAITING);
        assertThat(at(s, Duration.ofHours(24).plusMinutes(4))).hasSize(1);
        assertThat(at(s, Duration.ofHours(24).plusMinutes(6))).isEmpty();
    }

    @Test
    void aRollbackAnnouncedAtTheSameInstantAsTheDeploymentIsStillSeen() {
        DeliveryScript s = rolledBack().rollbackAnnounced(BACK, Duration.ZERO).healthPassed(BACK, Duration.ofMinutes(8));
        assertThat(at(s, Duration.ofMinutes(30)).get(0).state()).isEqualTo(RollbackState.COMPLETED);
    }
}
