package io.postflight.provider.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.postflight.metrics.MetricQuery;
import io.postflight.metrics.MetricsUnavailableException;
import io.postflight.metrics.ResourceSeries;
import io.postflight.metrics.TrafficSeries;
import io.postflight.metrics.VersionRole;
import io.postflight.resilience.CallFailedException;
import io.postflight.resilience.ResiliencePolicy;
import io.postflight.resilience.ResilientCalls;
import io.postflight.testing.PrometheusServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provider against a real Prometheus ({@code /usr/bin/prometheus}, Debian package
 * {@code prometheus}) scraping a real target on loopback every second. The target's counters
 * grow linearly with time at known rates, so the per-step increases Prometheus reports are
 * known: 200 requests/s per version, 2 % errors for 1.0 and 20 % for 2.0; all of 1.0 and half
 * of 2.0 answered within 100 ms.
 */
class PrometheusMetricsProviderIT {

    private static final int STEP = 5;
    private static final double RATE = 200.0;

    private static PrometheusServer prometheus;
    private static HttpServer target;
    private static long targetStartNanos;
    private static URI prometheusUrl;
    private static ResilientCalls calls;
    private static PrometheusMetricsProvider provider;

    @BeforeAll
    static void startPrometheusScrapingATarget() throws Exception {
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/metrics", exchange -> {
            byte[] body = page().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        targetStartNanos = System.nanoTime();
        target.start();

        prometheus = PrometheusServer.start(Duration.ofSeconds(1), List.of(new PrometheusServer.ScrapeJob("shop",
                List.of("127.0.0.1:" + target.getAddress().getPort()), Map.of())));
        prometheusUrl = prometheus.url();

        calls = new ResilientCalls(ResiliencePolicy.defaults(), null);
        provider = new PrometheusMetricsProvider(PrometheusConfig.of(prometheusUrl), calls);
    }

    @AfterAll
    static void stop() throws Exception {
        if (provider != null) {
            provider.close();
        }
        if (calls != null) {
            calls.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (target != null) {
            target.stop(0);
        }
    }

    /** The target's page: counters and a cumulative histogram linear in time since start. */
    private static String page() {
        double seconds = (System.nanoTime() - targetStartNanos) / 1e9;
        long requests = (long) (RATE * seconds);
        StringBuilder out = new StringBuilder("# TYPE http_server_requests_seconds histogram\n");
        version(out, "1.0", requests, 0.02, 1.0);
        version(out, "2.0", requests, 0.20, 0.5);
        // cAdvisor and kube-state-metrics look-alikes: pod shop-b runs 2.0, shop-a 1.0.
        out.append("kube_pod_labels{namespace=\"it\",pod=\"shop-a\",label_app_kubernetes_io_name=\"shop\","
                + "label_app_kubernetes_io_version=\"1.0\"} 1\n");
        out.append("kube_pod_labels{namespace=\"it\",pod=\"shop-b\",label_app_kubernetes_io_name=\"shop\","
                + "label_app_kubernetes_io_version=\"2.0\"} 1\n");
        out.append("container_memory_working_set_bytes{namespace=\"it\",pod=\"shop-a\",container=\"app\"} 3e8\n");
        out.append("container_memory_working_set_bytes{namespace=\"it\",pod=\"shop-b\",container=\"app\"} 5e8\n");
        out.append("container_memory_working_set_bytes{namespace=\"it\",pod=\"shop-b\",container=\"\"} 9e9\n");
        out.append("container_fs_usage_bytes{namespace=\"it\",pod=\"shop-b\",container=\"app\"} 1234\n");
        out.append("container_cpu_usage_seconds_total{namespace=\"it\",pod=\"shop-b\",container=\"app\"} ")
                .append(0.5 * seconds).append('\n');
        out.append("kube_pod_container_resource_limits{namespace=\"it\",pod=\"shop-b\",container=\"app\","
                + "resource=\"memory\",unit=\"byte\"} 1e9\n");
        return out.toString();
    }

    private static void version(StringBuilder out, String version, long requests, double errorShare, double fastShare) {
        long errors = (long) (requests * errorShare);
        String labels = "service=\"shop\",env=\"it\",version=\"" + version + "\"";
        out.append("http_server_requests_seconds_count{").append(labels).append(",status=\"200\"} ")
                .append(requests - errors).append('\n');
        out.append("http_server_requests_seconds_count{").append(labels).append(",status=\"500\"} ")
                .append(errors).append('\n');
        out.append("http_server_requests_seconds_bucket{").append(labels).append(",le=\"0.1\"} ")
                .append((long) (requests * fastShare)).append('\n');
        out.append("http_server_requests_seconds_bucket{").append(labels).append(",le=\"0.5\"} ")
                .append(requests).append('\n');
        out.append("http_server_requests_seconds_bucket{").append(labels).append(",le=\"+Inf\"} ")
                .append(requests).append('\n');
    }

    /** Four steps, the last ending a few seconds ago so that every step is fully scraped. */
    private static MetricQuery window(String version, VersionRole role) {
        long end = (Instant.now().getEpochSecond() - 3) / STEP * STEP;
        return new MetricQuery("shop", "it", version, role, Instant.ofEpochSecond(end - 4 * STEP),
                Instant.ofEpochSecond(end), Duration.ofSeconds(STEP));
    }

    /** Waits until Prometheus holds four full steps of the target's data. */
    private static TrafficSeries awaitFullWindow(String version, VersionRole role) {
        AtomicReference<TrafficSeries> last = new AtomicReference<>();
        await("four full steps of data").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    last.set(provider.traffic(window(version, role)));
                    if (!fourFullSteps(last.get())) {
                        throw new AssertionError("last answer: " + Arrays.toString(last.get().requests()) + "\n"
                                + prometheus.log());
                    }
                });
        return last.get();
    }

    private static boolean fourFullSteps(TrafficSeries series) {
        boolean allFull = series.steps() == 4;
        for (int i = 0; allFull && i < 4; i++) {
            allFull = series.present()[i] && series.requests()[i] >= 0.9 * RATE * STEP;
        }
        return allFull;
    }

    @Test
    void candidateAndBaselineIncreasesMatchTheKnownRates() throws Exception {
        TrafficSeries candidate = awaitFullWindow("2.0", VersionRole.CANDIDATE);
        TrafficSeries baseline = provider.traffic(window("1.0", VersionRole.BASELINE));

        assertThat(candidate.bucketBoundsMs()).containsExactly(100.0, 500.0);
        for (int i = 0; i < 4; i++) {
            // 200 requests/s over 5 s; Prometheus extrapolates a linear counter exactly, up to scrape jitter.
            assertThat((double) candidate.requests()[i]).isCloseTo(1000, within(30.0));
            assertThat((double) candidate.errors()[i] / candidate.requests()[i]).isCloseTo(0.20, within(0.01));
            long[] buckets = candidate.latencyBuckets()[i];
            assertThat((double) buckets[0] / candidate.requests()[i]).isCloseTo(0.5, within(0.02));
            assertThat(buckets[0] + buckets[1]).isCloseTo(candidate.requests()[i], within(2L));
            assertThat(buckets[2]).isZero();
        }
        assertThat(baseline.present()).containsOnly(true);
        long baselineRequests = 0;
        long baselineErrors = 0;
        for (int i = 0; i < baseline.steps(); i++) {
            baselineRequests += baseline.requests()[i];
            baselineErrors += baseline.errors()[i];
            assertThat(baseline.latencyBuckets()[i][1]).isLessThanOrEqualTo(2);
        }
        assertThat((double) baselineRequests).isCloseTo(4000, within(100.0));
        assertThat((double) baselineErrors / baselineRequests).isCloseTo(0.02, within(0.005));
    }

    @Test
    void unknownVersionHasNoPresentSteps() throws Exception {
        awaitFullWindow("2.0", VersionRole.CANDIDATE);

        TrafficSeries unknown = provider.traffic(window("9.9", VersionRole.CONTROL));

        assertThat(unknown.steps()).isEqualTo(4);
        assertThat(unknown.present()).containsOnly(false);
        assertThat(unknown.requests()).containsOnly(0L);
    }

    @Test
    void defaultResourceQueriesJoinContainerMetricsWithThePodsOfTheVersion() throws Exception {
        awaitFullWindow("2.0", VersionRole.CANDIDATE);

        // A rate over the default minute would still include the time before the target existed.
        PrometheusConfig shortRates = PrometheusConfig.of(prometheusUrl).withDefaultQueries(
                PrometheusQueries.defaults().withMinRateRange(Duration.ofSeconds(STEP)));
        ResourceSeries r;
        try (PrometheusMetricsProvider shortRateProvider = new PrometheusMetricsProvider(shortRates, calls)) {
            r = shortRateProvider.resources(window("2.0", VersionRole.CANDIDATE));
        }

        // Sample 0 is taken at the window's start, which may precede the first scrape (then NaN).
        assertThat(r.steps()).isEqualTo(4);
        assertThat(r.memoryLimitBytes()).isEqualTo(1e9);
        for (int i = 1; i < r.steps(); i++) {
            // Only shop-b runs 2.0; its pod-level (container="") series is not double counted.
            assertThat(r.memoryBytes()[i]).isEqualTo(5e8);
            assertThat(r.diskBytes()[i]).isEqualTo(1234.0);
            assertThat(r.cpuCores()[i]).isCloseTo(0.5, within(0.02));
        }
    }

    @Test
    void queryPrometheusRejectsIsUnavailableWithoutRetries() {
        PrometheusConfig broken = PrometheusConfig.of(prometheusUrl).withDefaultQueries(
                PrometheusQueries.defaults().withTraffic("sum(rate(", "up", "up", 1000));
        try (ResilientCalls own = new ResilientCalls(ResiliencePolicy.defaults(), null);
             PrometheusMetricsProvider brokenProvider = new PrometheusMetricsProvider(broken, own)) {

            assertThatThrownBy(() -> brokenProvider.traffic(window("2.0", VersionRole.CANDIDATE)))
                    .isInstanceOf(MetricsUnavailableException.class)
                    .hasMessageContaining("bad_data")
                    .cause().isInstanceOfSatisfying(CallFailedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(CallFailedException.Reason.PERMANENT);
                        assertThat(e.attempts()).isEqualTo(1);
                    });
        }
    }
}
