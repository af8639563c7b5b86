package io.postflight.provider.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.metrics.MetricQuery;
import io.postflight.metrics.VersionRole;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PrometheusQueriesTest {

    private static final MetricQuery QUERY = new MetricQuery("checkout", "prod", "1.4.2", VersionRole.CANDIDATE,
            Instant.ofEpochSecond(1000), Instant.ofEpochSecond(2000), Duration.ofSeconds(30));

    @Test
    void defaultTrafficQueriesSelectServiceEnvironmentAndVersion() {
        PrometheusQueries q = PrometheusQueries.defaults();

        assertThat(q.render(q.requests(), QUERY, 30)).isEqualTo(
                "sum(increase(http_server_requests_seconds_count{service=\"checkout\",env=\"prod\",version=\"1.4.2\"}[30s]))");
        assertThat(q.render(q.errors(), QUERY, 30)).isEqualTo(
                "sum(increase(http_server_requests_seconds_count{service=\"checkout\",env=\"prod\",version=\"1.4.2\","
                        + "status=~\"5..\"}[30s]))");
        assertThat(q.render(q.latencyBuckets(), QUERY, 30)).startsWith("sum by (le)(increase(")
                .endsWith("_bucket{service=\"checkout\",env=\"prod\",version=\"1.4.2\"}[30s]))");
    }

    @Test
    void resourceQueriesJoinThePodsOfTheVersionAndRateOverAtLeastAMinute() {
        PrometheusQueries q = PrometheusQueries.defaults();

        String cpu = q.render(q.cpu(), QUERY, 30);

        assertThat(cpu).contains("rate(container_cpu_usage_seconds_total{namespace=\"prod\",container!=\"\"")
                .contains("[60s]")
                .contains("kube_pod_labels{namespace=\"prod\",label_app_kubernetes_io_name=\"checkout\","
                        + "label_app_kubernetes_io_version=\"1.4.2\"}")
                .doesNotContain("{pods}").doesNotContain("{rateRange}");
        assertThat(q.render(q.cpu(), QUERY, 300)).contains("[300s]");
    }

    @Test
    void labelNamesAreConfigurableAndBlankOnesLeftOut() {
        PrometheusQueries q = PrometheusQueries.defaults().withLabels("job", "", "app_version");

        assertThat(q.render("x{{selector}}", QUERY, 30)).isEqualTo("x{job=\"checkout\",app_version=\"1.4.2\"}");
    }

    @Test
    void valuesAreEscapedForPromQlStrings() {
        MetricQuery odd = new MetricQuery("a\"b", "c\\d", "v\n1", VersionRole.BASELINE,
                Instant.ofEpochSecond(0), Instant.ofEpochSecond(60), Duration.ofSeconds(60));

        assertThat(PrometheusQueries.defaults().render("{selector}", odd, 60))
                .isEqualTo("service=\"a\\\"b\",env=\"c\\\\d\",version=\"v\\n1\"");
    }

    @Test
    void overridesByServiceAndEnvironmentWinOverServiceOverDefaults() {
        PrometheusQueries forService = PrometheusQueries.defaults().withLabels("app", "ns", "ver");
        PrometheusQueries forStaging = PrometheusQueries.defaults().withLabels("app", "stage", "ver");
        PrometheusConfig config = PrometheusConfig.of(URI.create("http://p:9090"))
                .withOverride("checkout", forService).withOverride("checkout/staging", forStaging);

        assertThat(config.queriesFor("checkout", "staging")).isSameAs(forStaging);
        assertThat(config.queriesFor("checkout", "prod")).isSameAs(forService);
        assertThat(config.queriesFor("search", "prod")).isEqualTo(PrometheusQueries.defaults());
    }
}
