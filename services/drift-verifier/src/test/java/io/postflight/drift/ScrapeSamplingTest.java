package io.postflight.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Target;
import io.postflight.metrics.MetricQuery;
import io.postflight.metrics.MetricsUnavailableException;
import io.postflight.metrics.ResourceSeries;
import io.postflight.metrics.VersionRole;
import io.postflight.provider.scrape.ScrapeConfig;
import io.postflight.resilience.ResiliencePolicy;
import io.postflight.resilience.ResilientCalls;
import io.postflight.targets.TargetPolicy;
import io.postflight.targets.TargetPolicyConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scrape provider wrapper against a real HTTP metrics page, in real time (about 3 s). */
class ScrapeSamplingTest {
    private static final DeploymentRef LEAKY = new DeploymentRef("d1", "leaky", "demo", "2.0.0", null, "1.9.0");
    private final AtomicInteger reads = new AtomicInteger();
    private HttpServer server;
    private ResilientCalls calls;
    private ScrapeSampling sampling;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", ex -> {
            // resident memory grows 1 MiB per read
            byte[] body = ("# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes "
                    + (64 + reads.incrementAndGet()) * 1048576.0 + "\n").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        calls = new ResilientCalls(ResiliencePolicy.defaults().withTimeout(Duration.ofSeconds(1))
                .withRetry(1, Duration.ofMillis(10)), null);
        ScrapeConfig config = ScrapeConfig.defaults().withResources("", 512 * 1048576.0);
        sampling = new ScrapeSampling(new ScrapeConfig(config.requestsMetric(), config.errorsMetric(),
                config.errorLabel(), config.errorPattern(), config.latencyBucketMetric(), config.leToMillis(),
                config.versionLabel(), config.memoryMetrics(), config.cpuSecondsMetric(), config.diskMetric(),
                config.processStartMetric(), config.memoryLimitBytes(), Duration.ofSeconds(1),
                Duration.ofMillis(100), Duration.ofHours(1)), "/metrics", calls, Clock.systemUTC(),
                new TargetPolicy(TargetPolicyConfig.loopbackAllowed())::refuseHost);
    }

    @AfterEach
    void stop() {
        sampling.close();
        calls.close();
        server.stop(0);
    }

    @Test
    void scrapesTheTargetsOfAWatchedDeploymentUntilItIsStopped() throws Exception {
        Instant from = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 1);
        sampling.watching(LEAKY, List.of(new Target("leaky-0", "http://127.0.0.1:" + server.getAddress().getPort()
                + "/")));
        sampling.watching(LEAKY, List.of()); // again, as after a restart: nothing more is started
        assertThat(sampling.scraping()).isEqualTo(1);
        // Both seconds are complete once a reading of the next one is in, however busy the machine.
        MetricQuery next = new MetricQuery("leaky", "demo", "2.0.0", VersionRole.CANDIDATE, from.plusSeconds(2),
                from.plusSeconds(3), Duration.ofSeconds(1));
        await("a reading after the window").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(MetricsUnavailableException.class)
                .until(() -> !Double.isNaN(sampling.resources(next).memoryBytes()[0]));
        ResourceSeries s = sampling.resources(new MetricQuery("leaky", "demo", "2.0.0", VersionRole.CANDIDATE, from,
                from.plusSeconds(2), Duration.ofSeconds(1)));
        assertThat(s.steps()).isEqualTo(2);
        assertThat(s.memoryLimitBytes()).isEqualTo(512 * 1048576.0);
        // each second holds the last of its ~10 readings: growing, and about 10 MiB apart
        assertThat(s.memoryBytes()[0]).isGreaterThan(64 * 1048576.0);
        assertThat(s.memoryBytes()[1] - s.memoryBytes()[0]).isBetween(5 * 1048576.0, 15 * 1048576.0);
        assertThat(s.cpuCores()[0]).isNaN(); // not exposed by this page
        sampling.stopped(LEAKY);
        assertThat(sampling.scraping()).isZero();
        // Scraped every 100 ms while watched; once stopped, the page stays unread (a read under way may still land).
        AtomicInteger lastSeen = new AtomicInteger(reads.get());
        await("no more reads once stopped").during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    int now = reads.get();
                    return lastSeen.getAndSet(now) == now;
                });
    }

    @Test
    void malformedTargetUrlsAreNotScrapedAndTheQuerySaysWhy() {
        DeploymentRef bad = new DeploymentRef("d2", "bad", "demo", "1.0.0", null, null);
        // Both pass the intake schema's ^https?://; "http://" once became a scrape of http://metrics.
        sampling.watching(bad, List.of(new Target("empty", "http://"), new Target("port", "http://h:abc/")));
        Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
        MetricQuery q = new MetricQuery("bad", "demo", "1.0.0", VersionRole.CANDIDATE, now.minusSeconds(2), now,
                Duration.ofSeconds(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sampling.resources(q))
                .isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining("target refused for 2 instance(s)")
                .hasMessageContaining("empty: target URL")
                .hasMessageContaining("port: target URL has no valid host and port");
        sampling.stopped(bad);
    }

    @Test
    void targetsTheTargetPolicyRefusesAreNeverScraped() {
        DeploymentRef metadata = new DeploymentRef("d3", "meta", "demo", "1.0.0", null, null);
        sampling.watching(metadata, List.of(new Target("m", "http://169.254.169.254/latest")));
        Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
        MetricQuery q = new MetricQuery("meta", "demo", "1.0.0", VersionRole.CANDIDATE, now.minusSeconds(2), now,
                Duration.ofSeconds(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sampling.resources(q))
                .isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining("m: 169.254.169.254 is a cloud metadata address");
        sampling.stopped(metadata);
    }
}
