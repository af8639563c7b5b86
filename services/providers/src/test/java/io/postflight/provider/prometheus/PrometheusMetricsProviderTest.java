package io.postflight.provider.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.util.concurrent.FastThreadLocalThread;
import io.postflight.metrics.MetricQuery;
import io.postflight.metrics.MetricsUnavailableException;
import io.postflight.metrics.ResourceSeries;
import io.postflight.metrics.TrafficSeries;
import io.postflight.metrics.VersionRole;
import io.postflight.resilience.CallFailedException;
import io.postflight.resilience.ResiliencePolicy;
import io.postflight.resilience.ResilientCalls;
import io.postflight.testing.ScriptedHttpServer;
import io.postflight.testing.ScriptedHttpServer.Reply;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider against a real HTTP server answering like Prometheus with canned matrices. */
class PrometheusMetricsProviderTest {

    private static final MetricQuery QUERY = new MetricQuery("checkout", "prod", "2.0", VersionRole.CANDIDATE,
            Instant.ofEpochSecond(1000), Instant.ofEpochSecond(1120), Duration.ofSeconds(30));

    private ScriptedHttpServer server;
    private ResilientCalls calls;
    private PrometheusMetricsProvider provider;

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedHttpServer();
        calls = new ResilientCalls(ResiliencePolicy.defaults().withTimeout(Duration.ofSeconds(10))
                .withRetry(3, Duration.ofMillis(20)).withBreaker(50f, 6, 6, Duration.ofMinutes(1)), null);
        provider = new PrometheusMetricsProvider(PrometheusConfig.of(server.uri("/")), calls);
    }

    @AfterEach
    void stop() {
        provider.close();
        calls.close();
        server.close();
    }

    private static String matrix(String... series) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[" + String.join(",", series) + "]}}";
    }

    private static String series(String metric, String values) {
        return "{\"metric\":" + metric + ",\"values\":[" + values + "]}";
    }

    private static String query(String formBody) {
        String q = formBody.substring(formBody.indexOf("query=") + 6, formBody.indexOf('&'));
        return URLDecoder.decode(q, StandardCharsets.UTF_8);
    }

    private static Reply traffic(String body) {
        String promql = query(body);
        if (promql.contains("_bucket")) {
            return Reply.ok(matrix(
                    series("{\"le\":\"0.1\"}", "[1030,\"6\"],[1060,\"10\"]"),
                    series("{\"le\":\"1\"}", "[1030,\"10\"],[1060,\"19.6\"]"),
                    series("{\"le\":\"+Inf\"}", "[1030,\"10.4\"],[1060,\"20\"],[1120,\"0\"]")));
        }
        if (promql.contains("status=~")) {
            return Reply.ok(matrix(series("{}", "[1030,\"1.2\"],[1060.000,\"25\"]")));
        }
        return Reply.ok(matrix(series("{}", "[1030,\"10.4\"],[1060,\"20\"],[1120,\"0\"]")));
    }

    @Test
    void buildsPerStepIncreasesFromTheThreeQueries() throws Exception {
        server.respondWith(PrometheusMetricsProviderTest::traffic);

        TrafficSeries t = provider.traffic(QUERY);

        assertThat(t.startEpochSeconds()).isEqualTo(1000);
        assertThat(t.stepSeconds()).isEqualTo(30);
        assertThat(t.present()).containsExactly(true, true, false, true);
        assertThat(t.requests()).containsExactly(10, 20, 0, 0);
        // 25 extrapolated errors in a step of 20 requests are capped at 20.
        assertThat(t.errors()).containsExactly(1, 20, 0, 0);
        assertThat(t.bucketBoundsMs()).containsExactly(100.0, 1000.0);
        assertThat(t.latencyBuckets()[0]).containsExactly(6, 4, 0);
        assertThat(t.latencyBuckets()[1]).containsExactly(10, 10, 0);
        assertThat(t.latencyBuckets()[2]).containsExactly(0, 0, 0);

        assertThat(server.hits()).isEqualTo(3);
        assertThat(server.requests()).allSatisfy(uri -> assertThat(uri.getPath()).isEqualTo("/api/v1/query_range"));
        assertThat(server.bodies()).allSatisfy(body -> assertThat(body).endsWith("&start=1030&end=1120&step=30s"));
        assertThat(server.bodies()).extracting(PrometheusMetricsProviderTest::query).contains(
                "sum(increase(http_server_requests_seconds_count{service=\"checkout\",env=\"prod\",version=\"2.0\"}[30s]))");
    }

    @Test
    void resourcesAreSampledAtTheStartOfEachStep() throws Exception {
        server.respondWith(body -> {
            String promql = query(body);
            if (promql.contains("memory_working_set")) {
                return Reply.ok(matrix(series("{}", "[1000,\"5e8\"],[1030,\"6e8\"],[1090,\"7e8\"]")));
            }
            if (promql.contains("cpu")) {
                return Reply.ok(matrix(series("{}", "[1000,\"0.25\"],[1030,\"0.5\"],[1060,\"NaN\"],[1090,\"1\"]")));
            }
            if (promql.contains("resource_limits")) {
                return Reply.ok(matrix(series("{}", "[1000,\"1e9\"],[1030,\"2e9\"]")));
            }
            return Reply.ok(matrix());
        });

        ResourceSeries r = provider.resources(QUERY);

        assertThat(r.startEpochSeconds()).isEqualTo(1000);
        assertThat(r.memoryBytes()).containsExactly(5e8, 6e8, Double.NaN, 7e8);
        assertThat(r.cpuCores()).containsExactly(0.25, 0.5, Double.NaN, 1.0);
        assertThat(r.diskBytes()).containsOnly(Double.NaN);
        assertThat(r.memoryLimitBytes()).isEqualTo(2e9);
        assertThat(server.bodies()).allSatisfy(body -> assertThat(body).endsWith("&start=1000&end=1090&step=30s"));
    }

    @Test
    void answersWhenAskedFromANettyEventLoopThread() throws Exception {
        // Micronaut's blocking client refuses event-loop threads; the queries run on ResilientCalls' virtual threads.
        server.respondWith(PrometheusMetricsProviderTest::traffic);
        CompletableFuture<TrafficSeries> answer = new CompletableFuture<>();
        new FastThreadLocalThread(() -> {
            try {
                answer.complete(provider.traffic(QUERY));
            } catch (Exception e) {
                answer.completeExceptionally(e);
            }
        }).start();

        assertThat(answer.get(10, TimeUnit.SECONDS).requests()).containsExactly(10, 20, 0, 0);
    }

    @Test
    void retriesServerErrorsThenAnswers() throws Exception {
        server.enqueue(Reply.status(503), Reply.status(502)).respondWith(PrometheusMetricsProviderTest::traffic);

        assertThat(provider.traffic(QUERY).requests()).containsExactly(10, 20, 0, 0);
        assertThat(server.hits()).isEqualTo(5);
    }

    @Test
    void rejectedQueryIsUnavailableWithoutRetrying() {
        server.otherwise(new Reply(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}", 0));

        assertThatThrownBy(() -> provider.traffic(QUERY))
                .isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining("bad_data: parse error")
                .cause().isInstanceOfSatisfying(CallFailedException.class,
                        e -> assertThat(e.reason()).isEqualTo(CallFailedException.Reason.PERMANENT));
        assertThat(server.hits()).isEqualTo(3);
    }

    @Test
    void outageIsUnavailableAndThenTheBreakerStopsCalling() {
        server.otherwise(Reply.status(503));

        assertThatThrownBy(() -> provider.traffic(QUERY)).isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining("prometheus@127.0.0.1");
        int hitsAfterOutage = server.hits();
        assertThatThrownBy(() -> provider.traffic(QUERY)).isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining("circuit breaker is open");

        assertThat(hitsAfterOutage).isBetween(6, 9);
        assertThat(server.hits()).isEqualTo(hitsAfterOutage);
    }

    @Test
    void windowShorterThanAStepIsEmpty() throws Exception {
        MetricQuery tiny = new MetricQuery("checkout", "prod", "2.0", VersionRole.CANDIDATE,
                Instant.ofEpochSecond(1000), Instant.ofEpochSecond(1010), Duration.ofSeconds(30));

        assertThat(provider.traffic(tiny).steps()).isZero();
        assertThat(server.hits()).isZero();
    }
}
