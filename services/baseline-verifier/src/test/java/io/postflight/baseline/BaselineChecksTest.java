package io.postflight.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postflight.judge.baseline.BaselineJudge;
import io.postflight.provider.source.MetricsProviderKind;
import io.postflight.provider.source.MetricsSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A custom check that does not fit its metrics source stops the verifier at start-up, naming the property. */
class BaselineChecksTest {
    private static final MetricsSource PROMETHEUS = MetricsSource.DEFAULTS;
    private static final MetricsSource SCRAPE = MetricsSource.DEFAULTS.withProvider(MetricsProviderKind.SCRAPE);

    private static BaselineCheckConfig orders(String query, String metric, String direction, Double tolerance,
                                              Double bound, int minSteps) {
        return new BaselineCheckConfig("orders", "orders per minute", query, metric, true, false, direction,
                tolerance, bound, minSteps, List.of("checkout"), List.of());
    }

    private static BaselineChecks checks(MetricsSource source, BaselineCheckConfig c) {
        return new BaselineChecks(BaselineJudge.DEFAULT_THROUGHPUT, List.of(c), source, 30);
    }

    @Test
    void aWellFormedCheckAppliesWhereItsFiltersSay() {
        BaselineChecks ok = checks(PROMETHEUS, orders("sum(rate(orders_total{{selector}}[{step}])) * 60", null,
                "lower-is-worse", 0.2, null, 5));
        assertThat(ok.forSlot("checkout", "prod")).singleElement().satisfies(c ->
                assertThat(c.source().query()).contains("{selector}"));
        assertThat(ok.forSlot("search", "prod")).isEmpty();
        assertThat(checks(SCRAPE, orders(null, "orders_total", "higher-is-worse", 0.2, null, 5)).scrapedMetrics())
                .containsExactly("orders_total");
    }

    @Test
    void aCheckThatDoesNotFitItsSourceOrMakesNoSenseIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> checks(PROMETHEUS, orders(null, "orders_total", "lower-is-worse", 0.2, null, 5)))
                .hasMessageContaining("postflight.baseline.checks.orders.query");
        assertThatThrownBy(() -> checks(PROMETHEUS, orders("sum(rate(orders_total[5m]))", null, "lower-is-worse",
                0.2, null, 5))).hasMessageContaining("checks.orders.query: name the version");
        assertThatThrownBy(() -> checks(SCRAPE, orders("sum(x{{selector}})", null, "lower-is-worse", 0.2, null, 5)))
                .hasMessageContaining("postflight.baseline.checks.orders.metric");
        assertThatThrownBy(() -> checks(SCRAPE, orders(null, "orders_total", "down", 0.2, null, 5)))
                .hasMessageContaining("postflight.baseline.checks.orders.direction");
        assertThatThrownBy(() -> checks(SCRAPE, orders(null, "orders_total", "lower-is-worse", 0.2, 5.0, 5)))
                .hasMessageContaining("postflight.baseline.checks.orders: ").hasMessageContaining("exactly one");
        assertThatThrownBy(() -> checks(SCRAPE, orders(null, "orders_total", "lower-is-worse", 0.2, null, 31)))
                .hasMessageContaining("checks.orders.min-steps (31) is more than the window's 30 steps");
    }
}
