package io.postflight.provider.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.postflight.metrics.MetricQuery;
import io.postflight.metrics.VersionRole;
import io.postflight.resilience.ResiliencePolicy;
import io.postflight.resilience.ResilientCalls;
import io.postflight.resilience.StarvationWatch;
import io.postflight.targets.TargetPolicy;
import io.postflight.targets.TargetPolicyConfig;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a scrape checks around each call: the target policy on the addresses a page's host resolves
 * to (as the health probe does), and whether the verifier itself was starved while its rounds ran.
 */
class ScrapeGuardsTest {

    private final AtomicInteger requests = new AtomicInteger();
    private final ScrapeState state = new ScrapeState(ScrapeConfig.DEFAULT_RETENTION);
    private HttpServer server;
    private ResilientCalls calls;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "process_cpu_seconds_total 1\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        calls = new ResilientCalls(ResiliencePolicy.defaults().withTimeout(Duration.ofSeconds(5))
                .withRetry(2, Duration.ofMillis(10)), null);
    }

    @AfterEach
    void stop() {
        calls.close();
        server.stop(0);
    }

    private ScrapeMetricsProvider provider(String pageUrl, AddressGate gate, StarvationWatch watch) {
        return new ScrapeMetricsProvider(ScrapeConfig.defaults(),
                ScrapeTargets.fixed(Map.of("shop/prod/v2", List.of(URI.create(pageUrl)))), state, calls,
                HttpClient.newHttpClient(), Clock.systemUTC(), gate, watch);
    }

    @Test
    void aNameResolvingToLoopbackIsNotCalledUnlessTheTargetPolicyAllowsLoopback() {
        // "localhost" passes a scrape target list as written; only its resolved address tells it is loopback.
        String page = "http://localhost:" + server.getAddress().getPort() + "/metrics";
        try (StarvationWatch watch = quietWatch()) {
            TargetPolicy denying = new TargetPolicy(TargetPolicyConfig.defaults());
            var report = provider(page, denying::refuseResolved, watch).scrape("shop", "prod", "v2");
            assertThat(report.failures()).hasSize(1);
            assertThat(report.failures().values().iterator().next()).contains("localhost resolves to")
                    .contains("is loopback");
            assertThat(requests).hasValue(0);

            TargetPolicy allowing = new TargetPolicy(TargetPolicyConfig.loopbackAllowed());
            var allowed = provider(page, allowing::refuseResolved, watch).scrape("shop", "prod", "v2");
            assertThat(allowed.failures().values()).noneMatch(why -> why.contains("loopback"));
            assertThat(requests.get()).isPositive();
        }
    }

    @Test
    void aHostThatDoesNotResolveIsNotCalledAndSaysSo() {
        AtomicInteger asked = new AtomicInteger();
        try (StarvationWatch watch = quietWatch()) {
            var report = provider("http://no-such-host.invalid:" + server.getAddress().getPort() + "/metrics",
                    (host, addresses) -> {
                        asked.incrementAndGet();
                        return java.util.Optional.empty();
                    }, watch).scrape("shop", "prod", "v2");
            assertThat(report.failures().values()).singleElement().asString()
                    .contains("no-such-host.invalid did not resolve from the verifier; not called");
            assertThat(asked).hasValue(0);
        }
    }

    @Test
    void aRoundOnAVerifierThatIsNotStarvedMarksNothingEvenWhenItIsLate() {
        // A one-second threshold: a verifier running this test is not stalled that long.
        try (StarvationWatch watch = StarvationWatch.onOwnThread(Duration.ofSeconds(1), "on-time-watch")) {
            long startMillis = System.currentTimeMillis();
            StarvedRounds rounds = new StarvedRounds("shop/prod/v2", state, watch, Duration.ofMillis(100),
                    Clock.systemUTC());
            rounds.starting();
            // Held up by a hanging instance, say: the next round starts 1.4 s after it was due, but at
            // once after this one ended.
            sleep(1500);
            rounds.ran();
            rounds.starting();
            rounds.ran();
            assertThat(state.starvedSteps("shop/prod/v2", startMillis - 1000, 1000, 5)).doesNotContain(true);
        }
    }

    @Test
    void roundsWhileTheVerifierIsStarvedMarkTheirStepsAndTheProviderTellsTheQueriedSteps() throws Exception {
        ScheduledExecutorService watchThread = Executors.newSingleThreadScheduledExecutor();
        try (StarvationWatch watch = new StarvationWatch(watchThread, Duration.ofMillis(200))) {
            long startMillis = System.currentTimeMillis();
            StarvedRounds rounds = new StarvedRounds("shop/prod/v2", state, watch, Duration.ofHours(1),
                    Clock.systemUTC());
            rounds.starting();
            // The verifier starved: its watch's own timer cannot run for a second.
            watchThread.submit(() -> sleep(1000)).get(10, TimeUnit.SECONDS);
            rounds.ran();
            Instant from = Instant.ofEpochSecond(startMillis / 1000 - 2);
            MetricQuery q = new MetricQuery("shop", "prod", "v2", VersionRole.CANDIDATE, from,
                    from.plusSeconds(10), Duration.ofSeconds(1));
            assertThat(provider("http://127.0.0.1:1/metrics", (h, a) -> java.util.Optional.empty(), watch)
                    .verifierStarvedSteps(q)).hasSize(10).contains(true);
        } finally {
            watchThread.shutdownNow();
        }
    }

    @Test
    void aRoundStartingLateWithNothingOfItsOwnHoldingItUpMarksItsSpanStarved() {
        try (StarvationWatch watch = StarvationWatch.onOwnThread(Duration.ofMillis(200), "late-round-watch")) {
            long startMillis = System.currentTimeMillis();
            StarvedRounds rounds = new StarvedRounds("shop/prod/v2", state, watch, Duration.ofMillis(100),
                    Clock.systemUTC());
            rounds.starting();
            rounds.ran();
            // Due 100 ms later; its scheduler gave it a thread only after 700 ms.
            sleep(700);
            rounds.starting();
            rounds.ran();
            assertThat(state.starvedSteps("shop/prod/v2", startMillis - 1000, 1000, 5)).contains(true);
        }
    }

    @Test
    void aFirstRoundLongAfterTheVersionWasDueMarksTheSpanSinceThenAsTheVerifiers() {
        // The verification started five minutes ago; the verifier's intake got to it only now.
        try (StarvationWatch watch = StarvationWatch.onOwnThread(Duration.ofSeconds(1), "late-intake-watch")) {
            long nowMillis = System.currentTimeMillis();
            long dueMillis = nowMillis - Duration.ofMinutes(5).toMillis();
            StarvedRounds rounds = new StarvedRounds("shop/prod/v2", state, watch, Duration.ofSeconds(15),
                    Clock.systemUTC(), dueMillis);
            rounds.starting();
            rounds.ran();
            boolean[] minutes = state.starvedSteps("shop/prod/v2", dueMillis, 60_000, 5);
            assertThat(minutes).containsOnly(true);
            assertThat(state.starvedSteps("shop/prod/v2", dueMillis - 120_000, 60_000, 2)).containsOnly(false);
        }
    }

    @Test
    void aFirstRoundWithinOneIntervalOfItsDueTimeIsNotLate() {
        try (StarvationWatch watch = StarvationWatch.onOwnThread(Duration.ofSeconds(1), "prompt-intake-watch")) {
            long nowMillis = System.currentTimeMillis();
            // Two seconds between the gateway's start and the first round: well within a 15 s interval.
            StarvedRounds rounds = new StarvedRounds("shop/prod/v2", state, watch, Duration.ofSeconds(15),
                    Clock.systemUTC(), nowMillis - 2000);
            rounds.starting();
            rounds.ran();
            assertThat(state.starvedSteps("shop/prod/v2", nowMillis - 60_000, 60_000, 3)).containsOnly(false);
        }
    }

    /** A watch that never reports starvation: its threshold is an hour. */
    private static StarvationWatch quietWatch() {
        return StarvationWatch.onOwnThread(Duration.ofHours(1), "quiet-starvation-watch");
    }

    private static Object sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
