package io.postflight.provider.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.context.exceptions.ConfigurationException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binding the shared metrics-source shape: types, defaults, structured targets, aliases, errors named. */
class MetricsSourceBinderTest {
    private static final String PREFIX = "postflight.baseline.metrics";
    private static final Map<String, List<String>> ALIASES = Map.of(
            "prometheus.url", List.of("postflight.baseline.prometheus-url"),
            "timeout", List.of("postflight.baseline.query-timeout"),
            "prometheus.headers", List.of("postflight.baseline.prometheus-headers"),
            "scrape.targets", List.of("postflight.baseline.scrape-targets"));

    private static Environment env(Map<String, Object> properties) {
        return ApplicationContext.builder().properties(properties).build().getEnvironment().start();
    }

    private static Environment yaml(String text) throws Exception {
        Map<String, Object> map = new YamlPropertySourceLoader().read("test",
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        return ApplicationContext.builder().propertySources(PropertySource.of("test", map)).build()
                .getEnvironment().start();
    }

    @Test
    void anEmptyConfigurationBindsTheDefaults() {
        assertThat(MetricsSourceBinder.bind(env(Map.of()), PREFIX, ALIASES)).isEqualTo(MetricsSource.DEFAULTS);
    }

    @Test
    void everyPartOfTheShapeBindsFromYaml() throws Exception {
        MetricsSource s = MetricsSourceBinder.bind(yaml("""
                postflight:
                  baseline:
                    metrics:
                      provider: scrape
                      timeout: 2s
                      attempts: 5
                      backoff: 100ms
                      prometheus:
                        url: http://thanos:10902
                        headers:
                          X-Scope-OrgID: team-a
                        labels:
                          version: app_version
                        queries:
                          disk: ""
                      scrape:
                        path: /prometheus
                        interval: 5s
                        memory-limit-bytes: 536870912
                        targets:
                          - service: shop
                            environment: prod
                            version: "1.0"
                            urls: [http://10.0.0.1:8080/prometheus, http://10.0.0.2:8080/prometheus]
                """), PREFIX, ALIASES);

        assertThat(s.provider()).isEqualTo(MetricsProviderKind.SCRAPE);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.attempts()).isEqualTo(5);
        assertThat(s.backoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(s.prometheus().url()).isEqualTo(URI.create("http://thanos:10902"));
        assertThat(s.prometheus().headers()).containsEntry("X-Scope-OrgID", "team-a");
        assertThat(s.prometheus().versionLabel()).isEqualTo("app_version");
        assertThat(s.prometheus().config(s.timeout()).defaultQueries().disk()).isEmpty();
        assertThat(s.scrape().path()).isEqualTo("/prometheus");
        assertThat(s.scrape().memoryLimitBytes()).isEqualTo(536870912.0);
        assertThat(s.scrape().staticTargets()).containsOnlyKeys("shop/prod/1.0");
        assertThat(s.scrape().staticTargets().get("shop/prod/1.0")).hasSize(2);
    }

    @Test
    void targetsBindFromIndexedProperties() {
        MetricsSource s = MetricsSourceBinder.bind(env(Map.of(
                PREFIX + ".scrape.targets[0].service", "shop",
                PREFIX + ".scrape.targets[0].environment", "prod",
                PREFIX + ".scrape.targets[0].version", "1.0",
                PREFIX + ".scrape.targets[0].urls", "http://a:8080/metrics,http://b:8080/metrics")), PREFIX, ALIASES);

        assertThat(s.scrape().targets()).containsExactly(new ScrapeTarget("shop", "prod", "1.0",
                List.of(URI.create("http://a:8080/metrics"), URI.create("http://b:8080/metrics"))));
    }

    @Test
    void formerNamesStillWorkButTheNewNameWins() {
        MetricsSource old = MetricsSourceBinder.bind(env(Map.of(
                "postflight.baseline.prometheus-url", "http://old:9090",
                "postflight.baseline.query-timeout", "3s",
                "postflight.baseline.prometheus-headers.X-Scope-OrgID", "t1",
                "postflight.baseline.scrape-targets", List.of("shop/prod/1.0=http://a:8080/metrics"))), PREFIX, ALIASES);
        assertThat(old.prometheus().url()).isEqualTo(URI.create("http://old:9090"));
        assertThat(old.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(old.prometheus().headers()).containsEntry("X-Scope-OrgID", "t1");
        assertThat(old.scrape().staticTargets()).containsOnlyKeys("shop/prod/1.0");

        MetricsSource both = MetricsSourceBinder.bind(env(Map.of(
                "postflight.baseline.prometheus-url", "http://old:9090",
                PREFIX + ".prometheus.url", "http://new:9090")), PREFIX, ALIASES);
        assertThat(both.prometheus().url()).isEqualTo(URI.create("http://new:9090"));
    }

    @Test
    void everyBadValueIsReportedWithItsPropertyName() {
        assertThatThrownBy(() -> MetricsSourceBinder.bind(env(Map.of(
                PREFIX + ".provider", "graphite",
                PREFIX + ".timeout", "banana",
                PREFIX + ".attempts", "many",
                PREFIX + ".prometheus.url", "not-a-url",
                PREFIX + ".scrape.targets[0].service", "shop",
                PREFIX + ".scrape.targets[1].service", "shop",
                PREFIX + ".scrape.targets[1].environment", "prod",
                PREFIX + ".scrape.targets[1].version", "1.0",
                PREFIX + ".scrape.targets[1].urls", "ftp://127.0.0.1/metrics")), PREFIX, ALIASES))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(PREFIX + ".provider: 'graphite' is not 'prometheus' or 'scrape'")
                .hasMessageContaining(PREFIX + ".timeout: 'banana' is not a duration")
                .hasMessageContaining(PREFIX + ".attempts: 'many' is not a whole number")
                .hasMessageContaining(PREFIX + ".prometheus.url: 'not-a-url' is not an http(s) URL with a host")
                .hasMessageContaining(PREFIX + ".scrape.targets[0]: service, environment, version and urls")
                .hasMessageContaining(PREFIX + ".scrape.targets[1].urls: 'ftp://127.0.0.1/metrics' is not an http(s) URL");
    }

    @Test
    void everyFormerNameIsListedOnceForItsPhase() {
        assertThat(DeprecatedProperties.under("postflight.baseline.metrics")).containsEntry("prometheus.url",
                List.of("postflight.baseline.prometheus-url")).hasSize(12);
        assertThat(DeprecatedProperties.under("postflight.drift.metrics")).containsEntry("timeout",
                List.of("postflight.drift.fetch-timeout", "postflight.drift.prometheus.request-timeout",
                        "postflight.drift.scrape.request-timeout")).containsKey("prometheus.queries.memory-limit");
        MetricsSource drift = MetricsSourceBinder.bind(env(Map.of("postflight.drift.prometheus.memory", "",
                "postflight.drift.scrape.request-timeout", "700ms")), "postflight.drift.metrics");
        assertThat(drift.timeout()).isEqualTo(Duration.ofMillis(700));
        assertThat(drift.prometheus().config(drift.timeout()).defaultQueries().memory()).isEmpty();
    }

    @Test
    void valuesOutOfRangeNameTheProperty() {
        assertThatThrownBy(() -> MetricsSourceBinder.bind(env(Map.of(PREFIX + ".attempts", "0")), PREFIX, ALIASES))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(PREFIX + ".attempts must be at least 1");
    }
}
