package io.postflight.decision.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.postflight.contracts.Topics;
import io.postflight.decision.DecisionEngineApplication;
import io.postflight.testing.NoBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Settings are bound from properties and checked at start-up, naming the property at fault. */
class AlertmanagerConfigTest {

    private static AlertmanagerConfig config(boolean enabled, String url, Duration timeout, int attempts,
                                             Map<String, String> labels) {
        return new AlertmanagerConfig(enabled, url, timeout, attempts, Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofHours(1), labels, "docs/runbooks/", null);
    }

    /** The decision engine's context, its streams pointed at a port where no broker listens. */
    private static ApplicationContext start(Map<String, Object> props) {
        return ApplicationContext.builder(DecisionEngineApplication.ENVIRONMENT).properties(props)
                .deduceEnvironment(false).start();
    }

    private static Map<String, Object> base() throws IOException {
        Map<String, Object> p = NoBroker.properties();
        p.put("postflight.state-dir", Files.createTempDirectory("alertmanager-config-test").toString());
        p.put("postflight.streams.decision.application-id", "alertmanager-config-test-" + UUID.randomUUID());
        return p;
    }

    @Test
    void isOffByDefaultAndNeedsNoUrlThen() throws IOException {
        try (ApplicationContext ctx = start(base())) {
            AlertmanagerConfig c = ctx.getBean(AlertmanagerConfig.class);
            assertThat(ctx.containsBean(AlertmanagerNotifier.class)).isFalse();
            assertThat(c.enabled()).isFalse();
            assertThat(c.url()).isNull();
            assertThat(c.timeout()).isEqualTo(AlertmanagerConfig.DEFAULT_TIMEOUT);
            assertThat(c.retryAttempts()).isEqualTo(AlertmanagerConfig.DEFAULT_RETRY_ATTEMPTS);
            assertThat(c.redeliveryDelay()).isEqualTo(AlertmanagerConfig.DEFAULT_REDELIVERY_DELAY);
            assertThat(c.resolveTimeout()).isEqualTo(AlertmanagerConfig.DEFAULT_RESOLVE_TIMEOUT);
            assertThat(c.runbookBaseUrl()).isEqualTo(AlertmanagerConfig.DEFAULT_RUNBOOK_BASE_URL);
            assertThat(c.labels()).isEmpty();
        }
    }

    @Test
    void bindsEverySettingIncludingStaticLabelsWithUnderscores() throws IOException {
        Map<String, Object> p = base();
        p.put("postflight.alertmanager.url", "http://alertmanager:9093/");
        p.put("postflight.alertmanager.timeout", "2s");
        p.put("postflight.alertmanager.retry-attempts", 4);
        p.put("postflight.alertmanager.redelivery-delay", "10s");
        p.put("postflight.alertmanager.resolve-timeout", "3h");
        p.put("postflight.alertmanager.labels.team", "payments");
        p.put("postflight.alertmanager.labels.clusterId", "c7");
        p.put("postflight.alertmanager.labels.cluster_name", "eu-1");
        p.put("postflight.alertmanager.generator-url", "https://grafana/d/pf");
        try (ApplicationContext ctx = start(p)) {
            AlertmanagerConfig c = ctx.getBean(AlertmanagerConfig.class);
            assertThat(c.alertsEndpoint()).hasToString("http://alertmanager:9093/api/v2/alerts");
            assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(c.retryAttempts()).isEqualTo(4);
            assertThat(c.redeliveryDelay()).isEqualTo(Duration.ofSeconds(10));
            assertThat(c.resolveTimeout()).isEqualTo(Duration.ofHours(3));
            assertThat(c.labels()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("team", "payments", "cluster_name", "eu-1", "clusterId", "c7"));
            assertThat(c.generatorUrl()).isEqualTo("https://grafana/d/pf");
            assertThat(c.policy().maxAttempts()).isEqualTo(4);
            assertThat(c.policy().timeout()).isEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void theDecisionEngineRefusesToStartEnabledWithoutAUrlAndNamesTheSetting() throws IOException {
        Map<String, Object> p = base();
        p.put("postflight.alertmanager.enabled", true);
        assertThatThrownBy(() -> {
            try (ApplicationContext ctx = start(p)) {
                ctx.getBean(AlertmanagerNotifier.class);
            }
        }).hasStackTraceContaining("postflight.alertmanager.url")
                .hasStackTraceContaining("POSTFLIGHT_ALERTMANAGER_URL");
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> config(true, "alertmanager:9093", Duration.ofSeconds(1), 3, Map.of()))
                .hasMessageContaining("postflight.alertmanager.url must be an absolute http(s) URL");
        assertThatThrownBy(() -> config(true, "http://am:9093", Duration.ZERO, 3, Map.of()))
                .hasMessageContaining("postflight.alertmanager.timeout must be positive");
        assertThatThrownBy(() -> config(true, "http://am:9093", Duration.ofSeconds(60), 3, Map.of()))
                .hasMessageContaining("keep it under");
        assertThatThrownBy(() -> config(false, null, Duration.ofSeconds(1), 3, Map.of("severity", "low")))
                .hasMessageContaining("'severity' is set by Postflight itself");
        assertThatThrownBy(() -> config(false, null, Duration.ofSeconds(1), 3, Map.of("team-name", "x")))
                .hasMessageContaining("'team-name' is not a valid Alertmanager label name");
    }

    @Test
    void aRunbookBaseWithoutTrailingSlashGetsOne() {
        AlertmanagerConfig c = new AlertmanagerConfig(false, null, Duration.ofSeconds(1), 1, Duration.ofMillis(1),
                Duration.ofSeconds(1), Duration.ofHours(1), Map.of(), "https://git.example.com/pf/docs/runbooks", null);

        assertThat(c.runbookBaseUrl()).isEqualTo("https://git.example.com/pf/docs/runbooks/");
    }

    @Test
    void theListenerTopicIsTheCataloguesAlertTopic() {
        assertThat(AlertmanagerNotifier.TOPIC).isEqualTo(Topics.ALERTS.name());
    }
}
