package io.postflight.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postflight.judge.baseline.BaselinePolicy;
import io.postflight.provider.prometheus.PrometheusQueries;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings record itself: what it builds for the judge and the providers, and what it
 * rejects. (Micronaut's binding of it is exercised by BaselinePrometheusIT and the demo.)
 */
class BaselineConfigTest {

    /** The defaults of the property file, with the given window, phase end, step and static targets. */
    private static BaselineConfig config(Duration window, Duration phaseEnd, Duration step, List<String> targets) {
        return new BaselineConfig("scrape", BaselineConfig.DEFAULT_PHASE_START, phaseEnd,
                BaselineConfig.DEFAULT_LOOK_INTERVAL, BaselineConfig.DEFAULT_DATA_DELAY,
                BaselineConfig.DEFAULT_MAX_FAILED_LOOKS, BaselineConfig.DEFAULT_TICK, step, window,
                BaselinePolicy.DEFAULT_WARM_UP, BaselinePolicy.DEFAULT_BLIP_ALLOWANCE,
                BaselinePolicy.DEFAULT_MIN_REQUESTS, BaselinePolicy.DEFAULT_HARD_CHECK_INTERVAL,
                BaselinePolicy.DEFAULT_HARD_ERROR_PERIOD, BaselinePolicy.DEFAULT_HARD_MIN_REQUESTS,
                BaselineConfig.DEFAULT_QUERY_TIMEOUT, BaselineConfig.DEFAULT_QUERY_ATTEMPTS,
                BaselineConfig.DEFAULT_QUERY_BACKOFF, URI.create("http://prom:9090"), Map.of("X-Scope-OrgID", "t1"),
                PrometheusQueries.DEFAULT_SERVICE_LABEL, null, "app_version", Duration.ofSeconds(10),
                BaselineConfig.DEFAULT_SCRAPE_PATH, targets);
    }

    @Test
    void theDefaultTimesGiveTheJudgeItsDefaultPolicy() {
        BaselineConfig c = config(BaselinePolicy.DEFAULT_WINDOW, BaselineConfig.DEFAULT_PHASE_END,
                BaselineConfig.DEFAULT_STEP, null);

        assertThat(c.policy()).isEqualTo(BaselinePolicy.DEFAULT);
        assertThat(c.schedule().stepSeconds()).isEqualTo(60);
        assertThat(c.staticScrapeTargets()).isEmpty();
        // 3 attempts of 10 s with up to 0.75 s + 1.5 s of backoff, plus a second of margin.
        assertThat(c.lookTimeout()).isEqualTo(Duration.ofMillis(33_250));
    }

    @Test
    void prometheusQueriesUseTheConfiguredLabelsAndHeaders() {
        BaselineConfig c = config(BaselinePolicy.DEFAULT_WINDOW, BaselineConfig.DEFAULT_PHASE_END,
                BaselineConfig.DEFAULT_STEP, null);

        assertThat(c.prometheus().baseUrl()).isEqualTo(URI.create("http://prom:9090"));
        assertThat(c.prometheus().headers()).containsExactly(Map.entry("X-Scope-OrgID", "t1"));
        PrometheusQueries q = c.prometheus().defaultQueries();
        assertThat(q.serviceLabel()).isEqualTo("service");
        assertThat(q.environmentLabel()).isEmpty();
        assertThat(q.versionLabel()).isEqualTo("app_version");
    }

    @Test
    void staticScrapeTargetsAreGroupedByVersion() {
        BaselineConfig c = config(Duration.ofSeconds(30), Duration.ofSeconds(40), Duration.ofSeconds(2), List.of(
                "shop/it/1.0=http://127.0.0.1:1234/metrics", "shop/it/1.0=http://127.0.0.1:1235/metrics",
                "shop/it/0.9=http://127.0.0.1:1236/metrics"));

        assertThat(c.staticScrapeTargets()).containsOnly(
                Map.entry("shop/it/1.0", List.of(URI.create("http://127.0.0.1:1234/metrics"),
                        URI.create("http://127.0.0.1:1235/metrics"))),
                Map.entry("shop/it/0.9", List.of(URI.create("http://127.0.0.1:1236/metrics"))));
        // Scraped intervals are kept for a baseline window plus a whole phase.
        assertThat(c.scrape().retention()).isEqualTo(Duration.ofSeconds(30 + 40 + 30 + 120));
    }

    @Test
    void aMalformedStaticTargetIsRejectedNamingTheProperty() {
        assertThatThrownBy(() -> config(Duration.ofSeconds(30), Duration.ofSeconds(40), Duration.ofSeconds(2),
                List.of("shop/1.0=http://127.0.0.1:1234/metrics")))
                .hasMessageContaining("postflight.baseline.scrape-targets").hasMessageContaining("shop/1.0");
    }

    @Test
    void aPhaseShorterThanTheWindowIsRejectedNamingBothProperties() {
        assertThatThrownBy(() -> config(Duration.ofMinutes(40), Duration.ofMinutes(30), Duration.ofSeconds(60), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("postflight.baseline.phase-end (PT30M) must not be shorter than "
                        + "postflight.baseline.window (PT40M)");
    }

    @Test
    void aFractionalStepIsRejected() {
        assertThatThrownBy(() -> config(Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMillis(1500), null))
                .hasMessageContaining("postflight.baseline.step must be a whole number of seconds");
    }
}
