package io.postflight.verdict.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeploymentRef;
import io.postflight.verdict.history.DeploymentHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures of {@link DeliveryScript#aWeek}, worked out by hand in its comment, and their edges. */
class DeliveryFiguresTest {
    private static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant WEEK = T0.plus(Duration.ofDays(7));

    @Test
    void aWeekOfOneSlotIsCountedAsDocumented() {
        DeliveryReport r = DeliveryFigures.of(DeliveryScript.aWeek(T0, "shop", "cart", "prod").histories(), T0, WEEK,
                "shop", "prod");
        assertThat(r.slots()).hasSize(1);
        SlotFigures shop = r.slots().get(0);
        assertThat(shop.service()).isEqualTo("shop");
        // d1..d8 began in the window; d0 the day before; d2r and d5r are announced rollbacks, not changes
        assertThat(shop.deployments()).isEqualTo(8);
        assertThat(shop.rollbacksAnnounced()).isEqualTo(2);
        assertThat(shop.perDay()).isCloseTo(8 / 7.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(List.of(shop.promoted(), shop.rolledBack(), shop.held(), shop.superseded(), shop.inProgress()))
                .containsExactly(2, 3, 1, 1, 1);
        assertThat(shop.concluded()).isEqualTo(6);
        assertThat(shop.postPromotionRollbacks()).as("d3 by drift, d5 by hand").isEqualTo(2);
        assertThat(shop.manualRollbacks()).as("d5: announced without a ROLLBACK decision").isEqualTo(1);
        assertThat(shop.changeFailures()).isEqualTo(2);
        assertThat(shop.successRate()).isEqualTo(2 / 6.0);
        assertThat(shop.rollbackRate()).isEqualTo(3 / 6.0);
        assertThat(shop.changeFailureRate()).isEqualTo(2 / 6.0);
        // d1 600, d2 300, d3 1200, d4 900, d5 600, d6 1800 s; d7 and d8 have no decision
        assertThat(shop.timeToDecision()).isEqualTo(new Quantiles(6, 600L, 1800L));
        // d2 → d2r promoted 300 s; d3 → d4 promoted 4500 s; d5 → d5r promoted 300 s
        assertThat(shop.timeToRestore()).isEqualTo(new Quantiles(3, 300L, 4500L));
        assertThat(shop.notRestored()).isZero();
    }

    @Test
    void theTotalAddsTheSlotsUpAndAnOverrideRollbackIsManualAndUnrestoredUntilAPromotion() {
        DeliveryReport r = DeliveryFigures.of(DeliveryScript.aWeek(T0, "shop", "cart", "prod").histories(), T0, WEEK,
                null, null);
        assertThat(r.slots()).extracting(SlotFigures::service).containsExactly("cart", "shop");
        SlotFigures cart = r.slots().get(0);
        assertThat(List.of(cart.deployments(), cart.rolledBack(), cart.manualRollbacks(), cart.changeFailures(),
                cart.postPromotionRollbacks(), cart.notRestored())).containsExactly(1, 1, 1, 1, 0, 1);
        assertThat(cart.timeToRestore().count()).isZero();
        assertThat(cart.timeToRestore().median()).isNull();
        SlotFigures total = r.total();
        assertThat(total.service()).isNull();
        assertThat(List.of(total.deployments(), total.concluded(), total.rolledBack(), total.changeFailures(),
                total.manualRollbacks(), total.notRestored(), total.rollbacksAnnounced()))
                .containsExactly(9, 7, 4, 3, 2, 1, 2);
        assertThat(total.timeToDecision()).isEqualTo(new Quantiles(7, 600L, 1800L));
    }

    @Test
    void theWindowDecidesWhichDeploymentsCountButNotWhereARestoreIsLookedFor() {
        List<DeploymentHistory> all = DeliveryScript.aWeek(T0, "shop", "cart", "prod").histories();
        // Only d3 (48 h) began in [48 h, 49 h): its restore by d4 (52 h) lies outside and still counts.
        SlotFigures d3 = DeliveryFigures.of(all, T0.plus(Duration.ofHours(48)), T0.plus(Duration.ofHours(49)), "shop",
                null).slots().get(0);
        assertThat(d3.deployments()).isEqualTo(1);
        assertThat(d3.timeToRestore()).isEqualTo(new Quantiles(1, 4500L, 4500L));
        assertThat(d3.perDay()).isEqualTo(24.0);
        assertThat(DeliveryFigures.of(all, T0.minus(Duration.ofDays(30)), T0.minus(Duration.ofDays(2)), null, null)
                .slots()).isEmpty();
        assertThat(DeliveryFigures.of(all, T0, WEEK, "shop", "staging").total().deployments()).isZero();
        assertThat(DeliveryFigures.of(all, T0, WEEK, "shop", "staging").total().successRate()).isNull();
    }

    @Test
    void theOrderRecordsArriveInDoesNotChangeTheFigures() {
        List<DeploymentHistory> reversed = new ArrayList<>(DeliveryScript.aWeek(T0, "shop", "cart", "prod")
                .histories());
        Collections.reverse(reversed);
        assertThat(DeliveryFigures.of(reversed, T0, WEEK, null, null))
                .isEqualTo(DeliveryFigures.of(DeliveryScript.aWeek(T0, "shop", "cart", "prod").histories(), T0, WEEK,
                        null, null));
        // A post-promotion rollback whose decision arrived before the promotion's is still after it.
        DeploymentRef d = DeliveryScript.ref("late", "late", "prod");
        DeliveryScript s = new DeliveryScript(T0).deployed(d, Duration.ZERO);
        s.decided(d, DecisionKind.ROLLBACK, false, Duration.ofHours(2));
        s.decided(d, DecisionKind.PROMOTE, false, Duration.ofMinutes(10));
        SlotFigures late = DeliveryFigures.of(s.histories(), T0, WEEK, null, null).total();
        assertThat(late.postPromotionRollbacks()).isEqualTo(1);
        assertThat(late.changeFailures()).isEqualTo(1);
        assertThat(late.timeToDecision().median()).isEqualTo(600L);
    }

    @Test
    void anAnnouncedRollbackAfterPostflightsOwnRollbackIsNotManual() {
        DeploymentRef d = DeliveryScript.ref("x1", "svc", "prod");
        DeploymentRef back = DeliveryScript.ref("x1r", "svc", "prod");
        DeliveryScript s = new DeliveryScript(T0).deployed(d, Duration.ZERO)
                .decided(d, DecisionKind.ROLLBACK, false, Duration.ofMinutes(4))
                .rollbackAnnounced(back, Duration.ofMinutes(5));
        SlotFigures f = DeliveryFigures.of(s.histories(), T0, WEEK, null, null).total();
        assertThat(List.of(f.rolledBack(), f.manualRollbacks(), f.changeFailures(), f.notRestored()))
                .containsExactly(1, 0, 0, 1);
        assertThat(f.rollbackRate()).isEqualTo(1.0);
    }

    @Test
    void anEmptyOrBackwardWindowIsRefused() {
        assertThatThrownBy(() -> DeliveryFigures.of(List.of(), WEEK, T0, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must end after it starts");
        assertThatThrownBy(() -> DeliveryFigures.of(List.of(), T0, T0, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
