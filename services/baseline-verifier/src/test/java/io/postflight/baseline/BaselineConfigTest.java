package io.postflight.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postflight.judge.JudgeStatus;
import io.postflight.judge.baseline.BaselinePolicy;
import io.postflight.judge.schedule.BaselineSchedule;
import io.postflight.metrics.TrafficSeries;
import io.postflight.provider.prometheus.PrometheusQueries;
import io.postflight.provider.source.MetricsSource;
import io.postflight.provider.source.PrometheusSource;
import io.postflight.provider.source.ScrapeSource;
import io.postflight.provider.source.ScrapeTarget;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings record itself: its defaults, what it builds for the judge and the providers, and
 * what it rejects. (Micronaut's binding of it is exercised by BaselinePrometheusIT and the demo;
 * the metrics source's by MetricsSourceBinderTest.)
 */
class BaselineConfigTest {

    /** Unset everywhere but the window, phase end and step. */
    private static BaselineConfig config(Duration window, Duration phaseEnd, Duration step) {
        return new BaselineConfig(null, phaseEnd, null, null, null, null, step, window, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void unsetValuesTakeTheirDefaultsAndGiveTheJudgeItsDefaultPolicy() {
        BaselineConfig c = config(null, null, null);

        assertThat(c.policy()).isEqualTo(BaselinePolicy.DEFAULT);
        assertThat(c.timing()).isEqualTo(BaselineSchedule.DEFAULT);
        assertThat(c.fastChecks().evaluate(empty(), empty(), null, 0).status()).isEqualTo(JudgeStatus.WATCHING);
        assertThat(c.maxFailedLooks()).isEqualTo(BaselineConfig.DEFAULT_MAX_FAILED_LOOKS);
        assertThat(c.schedule(MetricsSource.DEFAULTS).stepSeconds()).isEqualTo(60);
        // 3 attempts of 10 s with up to 0.75 s + 1.5 s of backoff, plus a second of margin.
        assertThat(BaselineConfig.lookTimeout(MetricsSource.DEFAULTS)).isEqualTo(Duration.ofMillis(33_250));
    }

    @Test
    void prometheusQueriesUseTheConfiguredLabelsAndHeaders() {
        PrometheusSource p = new PrometheusSource(URI.create("http://prom:9090"), Map.of("X-Scope-OrgID", "t1"),
                PrometheusQueries.DEFAULT_SERVICE_LABEL, null, "app_version", Map.of());

        assertThat(p.config(Duration.ofSeconds(10)).baseUrl()).isEqualTo(URI.create("http://prom:9090"));
        assertThat(p.config(Duration.ofSeconds(10)).headers()).containsExactly(Map.entry("X-Scope-OrgID", "t1"));
        PrometheusQueries q = p.config(Duration.ofSeconds(10)).defaultQueries();
        assertThat(q.serviceLabel()).isEqualTo("service");
        assertThat(q.environmentLabel()).isEmpty();
        assertThat(q.versionLabel()).isEqualTo("app_version");
    }

    @Test
    void staticScrapeTargetsAreGroupedByVersionAndKeptForAWindowPlusAPhase() {
        ScrapeSource s = new ScrapeSource("/metrics", Duration.ofSeconds(10), List.of(
                new ScrapeTarget("shop", "it", "1.0", List.of(URI.create("http://127.0.0.1:1234/metrics"))),
                new ScrapeTarget("shop", "it", "1.0", List.of(URI.create("http://127.0.0.1:1235/metrics"))),
                new ScrapeTarget("shop", "it", "0.9", List.of(URI.create("http://127.0.0.1:1236/metrics")))),
                null, null, null, null, null);

        assertThat(s.staticTargets()).containsOnly(
                Map.entry("shop/it/1.0", List.of(URI.create("http://127.0.0.1:1234/metrics"),
                        URI.create("http://127.0.0.1:1235/metrics"))),
                Map.entry("shop/it/0.9", List.of(URI.create("http://127.0.0.1:1236/metrics"))));
        BaselineConfig c = config(Duration.ofSeconds(30), Duration.ofSeconds(40), Duration.ofSeconds(2));
        // window and phase, each with the 30-minute extension, the data delay and two looks
        assertThat(c.scrapeRetention()).isEqualTo(Duration.ofSeconds(30 + 40 + 2 * 1800 + 30 + 120));
    }

    @Test
    void aPhaseShorterThanTheWindowIsRejectedNamingBothProperties() {
        assertThatThrownBy(() -> config(Duration.ofMinutes(40), Duration.ofMinutes(30), Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("postflight.baseline.phase-end (PT30M) must not be shorter than "
                        + "postflight.baseline.window (PT40M)");
    }

    @Test
    void aFractionalFastStepIsRejectedNamingTheProperty() {
        assertThatThrownBy(() -> new BaselineConfig(null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, Duration.ofMillis(7500), null, null, null, null, null))
                .hasMessageContaining("postflight.baseline.*: fast-check-step must be a whole number of seconds");
    }

    @Test
    void aPassConfidenceOutsideItsRangeIsRejectedNamingTheProperty() {
        assertThatThrownBy(() -> new BaselineConfig(null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, 0.3))
                .hasMessageContaining("postflight.baseline.pass-confidence must be 0 (off) or from 0.5");
        assertThat(new BaselineConfig(null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, 0.8).policy().passConfidence())
                .isEqualTo(0.8);
    }

    private static TrafficSeries empty() {
        return TrafficSeries.empty(0, 15, new double[0]);
    }

    @Test
    void aFractionalStepIsRejected() {
        assertThatThrownBy(() -> config(Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMillis(1500)))
                .hasMessageContaining("postflight.baseline.step must be a whole number of seconds");
    }
}
