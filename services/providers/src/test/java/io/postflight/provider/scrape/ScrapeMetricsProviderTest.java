package io.postflight.provider.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import io.postflight.metrics.CheckMetricsProvider;
import io.postflight.metrics.MetricQuery;
import io.postflight.metrics.MetricsUnavailableException;
import io.postflight.metrics.ResourceSeries;
import io.postflight.metrics.TrafficSeries;
import io.postflight.metrics.VersionRole;
import io.postflight.resilience.ResiliencePolicy;
import io.postflight.resilience.ResilientCalls;
import io.postflight.resilience.StarvationWatch;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScrapeMetricsProviderTest {

    private static final long FROM = 1_700_000_000L;
    private static final double MB = 1_000_000;

    /** Pages served by path; a missing page answers HTTP 500. */
    private final Map<String, String> pages = new ConcurrentHashMap<>();
    private final AtomicLong nowMillis = new AtomicLong();
    private HttpServer server;
    private ResilientCalls calls;
    private ScrapeState state;
    private ScrapeMetricsProvider provider;
    private Clock clock;
    private final StarvationWatch starvation = StarvationWatch.onOwnThread(Duration.ofHours(1), "test-starvation");

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String page = pages.get(exchange.getRequestURI().getPath());
            byte[] body = (page == null ? "down" : page).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(page == null ? 500 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        calls = new ResilientCalls(ResiliencePolicy.defaults().withTimeout(Duration.ofSeconds(2))
                .withRetry(1, Duration.ofMillis(10)), null);
        state = new ScrapeState(ScrapeConfig.DEFAULT_RETENTION);
        clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(nowMillis.get());
            }
        };
        ScrapeTargets targets = ScrapeTargets.fixed(Map.of("shop/prod/v2", List.of(url("/a/metrics"), url("/b/metrics")),
                "shop/prod/v3", List.of(url("/gone/metrics"))));
        provider = new ScrapeMetricsProvider(ScrapeConfig.defaults(), targets, state, calls,
                HttpClient.newHttpClient(), clock, (host, addresses) -> java.util.Optional.empty(), starvation);
    }

    @AfterEach
    void stop() {
        calls.close();
        starvation.close();
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** A Micrometer-like page: ok and failed requests, a histogram, process metrics, and another version's series. */
    private static String page(int ok, int failed, int fast, double cpuSeconds, double memoryBytes) {
        int total = ok + failed;
        return """
                # TYPE http_server_requests_seconds histogram
                http_server_requests_seconds_count{status="200",uri="/buy",version="v2"} %d
                http_server_requests_seconds_count{status="503",uri="/buy",version="v2"} %d
                http_server_requests_seconds_count{status="200",uri="/buy",version="v1"} 99999
                http_server_requests_seconds_bucket{uri="/buy",version="v2",le="0.1"} %d
                http_server_requests_seconds_bucket{uri="/buy",version="v2",le="0.5"} %d
                http_server_requests_seconds_bucket{uri="/buy",version="v2",le="+Inf"} %d
                http_server_requests_seconds_bucket{uri="/buy",version="v1",le="+Inf"} 99999
                process_cpu_seconds_total %s
                process_resident_memory_bytes %s
                process_start_time_seconds 1.6e9
                """.formatted(ok, failed, fast, total, total, cpuSeconds, memoryBytes);
    }

    private void scrapeAt(long epochSecond) {
        nowMillis.set(epochSecond * 1000);
        provider.scrape("shop", "prod", "v2");
    }

    private void scrapeFourRounds() {
        pages.put("/a/metrics", page(100, 0, 80, 10, 100 * MB));
        pages.put("/b/metrics", page(50, 5, 50, 0, 200 * MB));
        scrapeAt(FROM + 1);
        pages.put("/a/metrics", page(130, 2, 100, 12, 120 * MB));
        pages.put("/b/metrics", page(60, 5, 55, 1, 210 * MB));
        scrapeAt(FROM + 6);
        // Instance a restarted its counters (without a new start time): every series went down.
        pages.put("/a/metrics", page(5, 0, 5, 1, 50 * MB));
        pages.put("/b/metrics", page(70, 6, 60, 2, 220 * MB));
        scrapeAt(FROM + 12);
        // Nothing scraped in step 2; in step 3 instance b is down.
        pages.put("/a/metrics", page(15, 0, 10, 3, 60 * MB));
        pages.remove("/b/metrics");
        scrapeAt(FROM + 33);
    }

    private static MetricQuery query(String version) {
        return new MetricQuery("shop", "prod", version, VersionRole.CANDIDATE, Instant.ofEpochSecond(FROM),
                Instant.ofEpochSecond(FROM + 40), Duration.ofSeconds(10));
    }

    @Test
    void aCustomCheckCounterIsItsIncreasePerMinuteAGaugeItsInstancesAverageAndAMissingOneNoData()
            throws Exception {
        ScrapeMetricsProvider checks = new ScrapeMetricsProvider(ScrapeConfig.defaults().withCheckMetrics(
                java.util.Set.of("orders_total", "queue_depth", "refunds_total")), ScrapeTargets.fixed(Map.of(
                "shop/prod/v2", List.of(url("/a/metrics"), url("/b/metrics")))), state, calls,
                HttpClient.newHttpClient(), clock, (host, addresses) -> java.util.Optional.empty(),
                starvation);
        String extra = """
                orders_total{version="v2",method="card"} %d
                orders_total{version="v2",method="invoice"} 10
                orders_total{version="v1",method="card"} 99999
                queue_depth{version="v2"} %d
                """;
        pages.put("/a/metrics", page(100, 0, 80, 10, 100 * MB) + extra.formatted(100, 4));
        pages.put("/b/metrics", page(50, 5, 50, 0, 200 * MB) + extra.formatted(40, 8));
        nowMillis.set((FROM + 1) * 1000);
        checks.scrape("shop", "prod", "v2");
        pages.put("/a/metrics", page(130, 2, 100, 12, 120 * MB) + extra.formatted(130, 6));
        pages.put("/b/metrics", page(60, 5, 55, 1, 210 * MB) + extra.formatted(45, 10));
        nowMillis.set((FROM + 6) * 1000);
        checks.scrape("shop", "prod", "v2");

        // step 0 (10 s): +30 and +5 orders = 35 in 10 s = 210 a minute; queue depth (6 + 10) / 2.
        assertThat(checks.check(query("v2"), new CheckMetricsProvider.CheckSource("orders", null, "orders_total",
                true)).values()[0]).isEqualTo(210.0);
        assertThat(checks.check(query("v2"), new CheckMetricsProvider.CheckSource("queue", null, "queue_depth",
                false)).values()[0]).isEqualTo(8.0);
        assertThat(checks.check(query("v2"), new CheckMetricsProvider.CheckSource("refunds", null, "refunds_total",
                true)).values()).containsOnly(Double.NaN);
        assertThatThrownBy(() -> checks.check(query("v2"), new CheckMetricsProvider.CheckSource("x", null,
                "not_kept_total", true))).hasMessageContaining("is not scraped");
    }

    @Test
    void aCheckMetricWithMoreSeriesThanItsCapIsLeftOutRatherThanSummedWrong() throws Exception {
        StringBuilder page = new StringBuilder();
        for (int i = 0; i <= InstanceReading.MAX_CHECK_SERIES; i++) {
            page.append("orders_total{version=\"v2\",customer=\"c").append(i).append("\"} 1\n");
        }
        page.append("queue_depth{version=\"v2\"} 3\n");
        InstanceReading r = InstanceReading.of(ExpositionParser.parse(page.toString()),
                ScrapeConfig.defaults().withCheckMetrics(java.util.Set.of("orders_total", "queue_depth")), "v2", 0);
        assertThat(r.checkValues()).containsOnlyKeys("queue_depth");
    }

    @Test
    void turnsSuccessiveReadingsIntoPerStepIncreases() throws Exception {
        scrapeFourRounds();

        TrafficSeries t = provider.traffic(query("v2"));

        assertThat(t.steps()).isEqualTo(4);
        assertThat(t.present()).containsExactly(true, true, false, true);
        // step 0: a +30 ok +2 failed, b +10 ok; step 1: a reset (5), b +10 ok +1 failed; step 3: a +10.
        assertThat(t.requests()).containsExactly(42, 16, 0, 10);
        assertThat(t.errors()).containsExactly(2, 1, 0, 0);
        assertThat(t.bucketBoundsMs()).containsExactly(100.0, 500.0);
        assertThat(t.latencyBuckets()[0]).containsExactly(25, 17, 0);
        assertThat(t.latencyBuckets()[1]).containsExactly(10, 6, 0);
        assertThat(t.latencyBuckets()[2]).containsExactly(0, 0, 0);
        assertThat(t.latencyBuckets()[3]).containsExactly(5, 5, 0);
    }

    @Test
    void resourcesTakeTheLastReadingPerInstanceInEachStep() throws Exception {
        scrapeFourRounds();

        ResourceSeries r = provider.resources(query("v2"));

        assertThat(r.memoryBytes()[0]).isEqualTo(210 * MB);
        assertThat(r.cpuCores()[0]).isCloseTo((0.4 + 0.2) / 2, within(1e-9));
        assertThat(r.memoryBytes()[1]).isEqualTo(220 * MB);
        assertThat(r.cpuCores()[1]).isCloseTo(1.0 / 6, within(1e-9));
        assertThat(r.memoryBytes()[2]).isNaN();
        assertThat(r.cpuCores()[2]).isNaN();
        assertThat(r.memoryBytes()[3]).isEqualTo(60 * MB);
        assertThat(r.cpuCores()[3]).isCloseTo(2.0 / 21, within(1e-9));
        assertThat(r.diskBytes()).containsOnly(Double.NaN);
        assertThat(r.memoryLimitBytes()).isNull();
    }

    @Test
    void reportsWhichInstancesFailed() {
        pages.put("/a/metrics", page(1, 0, 1, 0, MB));
        nowMillis.set(FROM * 1000);

        ScrapeMetricsProvider.ScrapeReport report = provider.scrape("shop", "prod", "v2");

        assertThat(report.recorded()).hasSize(1);
        assertThat(report.failures()).containsOnlyKeys(url("/b/metrics"));
        assertThat(report.failures().get(url("/b/metrics"))).contains("HTTP 500");
    }

    @Test
    void versionWhoseInstancesAllFailIsUnavailableNotEmpty() {
        nowMillis.set(FROM * 1000);
        provider.scrape("shop", "prod", "v3");

        assertThatThrownBy(() -> provider.traffic(query("v3")))
                .isInstanceOf(MetricsUnavailableException.class).hasMessageContaining("/gone/metrics");
        assertThatThrownBy(() -> provider.resources(query("v3")))
                .isInstanceOf(MetricsUnavailableException.class);
    }

    @Test
    void readingNotNewerThanTheLastIsIgnoredRatherThanTakenForAReset() {
        pages.put("/a/metrics", page(100, 0, 80, 10, MB));
        pages.put("/b/metrics", page(100, 0, 80, 10, MB));
        scrapeAt(FROM + 5);
        pages.put("/a/metrics", page(50, 0, 40, 5, MB));
        pages.put("/b/metrics", page(50, 0, 40, 5, MB));
        nowMillis.set((FROM + 5) * 1000);

        assertThat(provider.scrape("shop", "prod", "v2").recorded()).isEmpty();
    }

    @Test
    void versionNeverScrapedIsEmpty() throws Exception {
        assertThat(provider.traffic(query("v9")).steps()).isZero();
    }

    @Test
    void malformedPageIsAFailureOfThatInstanceOnly() {
        pages.put("/a/metrics", page(1, 0, 1, 0, MB));
        pages.put("/b/metrics", "this is { not metrics\n");
        nowMillis.set(FROM * 1000);

        ScrapeMetricsProvider.ScrapeReport report = provider.scrape("shop", "prod", "v2");

        assertThat(report.recorded()).extracting(IntervalIncrease::instance).containsExactly(url("/a/metrics").toString());
        // Says where, never what: a target's page is not evidence Postflight repeats.
        assertThat(report.failures().get(url("/b/metrics"))).isEqualTo("not Prometheus text format (line 1)")
                .doesNotContain("this is");
    }
}
