package io.postflight.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postflight.contracts.Target;
import io.postflight.judge.health.ProbeObservation;
import io.postflight.kafka.RecordMetrics;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP probe against real local servers: healthy, not ready, slow and dead targets. */
class HttpHealthProbeTest {
    private HttpServer server;
    private final AtomicInteger slowCalls = new AtomicInteger();
    private final AtomicInteger hits = new AtomicInteger();
    private HttpHealthProbe probe;
    private HealthConfig config;
    private ProbeClient client;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void setUp() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok/health/live", ex -> {
            hits.incrementAndGet();
            answer(ex, 200);
        });
        server.createContext("/ok/health/ready", ex -> answer(ex, 200));
        server.createContext("/unready/health/live", ex -> answer(ex, 200));
        server.createContext("/unready/health/ready", ex -> answer(ex, 503));
        server.createContext("/slow/health", ex -> {
            slowCalls.incrementAndGet();
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(ex, 200);
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        config = TestConfigs.health(Duration.ofMillis(300), 2, 64, 1000);
        client = new ProbeClient(config);
        probe = new HttpHealthProbe(config, client, new RecordMetrics(registry), TestConfigs.loopbackAllowed());
    }

    @AfterEach
    void tearDown() {
        probe.close();
        client.close();
        server.stop(0);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange ex, int code) throws java.io.IOException {
        ex.sendResponseHeaders(code, -1);
        ex.close();
    }

    private String url(String prefix) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + prefix;
    }

    @Test
    void readsLivenessAndReadinessOfEachInstance() throws Exception {
        List<ProbeObservation> obs = probe.probe("d1", List.of(new Target("ok", url("/ok")),
                new Target("unready", url("/unready")))).get(30, TimeUnit.SECONDS);
        assertThat(obs).extracting(ProbeObservation::instance).containsExactly("ok", "unready");
        assertThat(obs.get(0).healthy()).isTrue();
        assertThat(obs.get(1).reachable()).isTrue();
        assertThat(obs.get(1).live()).isTrue();
        assertThat(obs.get(1).ready()).isFalse();
        assertThat(obs.get(1).detail()).isEqualTo("live: HTTP 200, ready: HTTP 503");
        // An HTTP 503 is an answer, not a failure to retry.
        assertThat(registry.find("postflight.probe.errors").tag("outcome", "unhealthy").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void aSlowTargetIsCutOffAtItsTimeoutAfterItsRetriesWithoutHoldingUpTheOthers() throws Exception {
        List<ProbeObservation> obs = probe.probe("d1", List.of(new Target("slow", url("/slow")),
                new Target("ok", url("/ok")))).get(30, TimeUnit.SECONDS);
        assertThat(obs.get(0).reachable()).isFalse();
        assertThat(obs.get(0).detail()).contains("timed out after 2 attempt(s)");
        assertThat(obs.get(1).healthy()).isTrue();
        // No bound on the elapsed time (a busy machine may stretch it): the detail above says the
        // verifier gave up after its attempts instead of waiting out the slow target.
        assertThat(slowCalls.get()).isEqualTo(4); // 2 endpoints x 2 attempts
    }

    @Test
    void aNewDeploymentAtTheSameAddressStartsWithAClosedBreaker() throws Exception {
        Target dead = new Target("t", "http://127.0.0.1:" + closedPort());
        // Two unreachable rounds open the first deployment's breaker: its rounds stop retrying.
        for (int i = 0; i < config.breakerRounds(); i++) {
            probe.probe("v1", List.of(dead)).get(30, TimeUnit.SECONDS);
        }
        ProbeObservation open = probe.probe("v1", List.of(dead)).get(30, TimeUnit.SECONDS).get(0);
        assertThat(open.detail()).contains("breaker open").contains("after 1 attempt(s)");
        // An open breaker saves retries; it is not a verdict: the round still tried the target.
        assertThat(open.unknown()).isFalse();
        assertThat(probe.openBreakers()).isEqualTo(1);
        probe.release("v1", List.of(dead));
        assertThat(probe.openBreakers()).isZero();
        // The next deployment at the same address starts with the full retry budget.
        ProbeObservation next = probe.probe("v2", List.of(dead)).get(30, TimeUnit.SECONDS).get(0);
        assertThat(next.detail()).doesNotContain("breaker open").contains("after 2 attempt(s)");
    }

    @Test
    void anAnswerClosesTheBreakerAgain() throws Exception {
        int port = closedPort();
        Target t = new Target("t", "http://127.0.0.1:" + port);
        for (int i = 0; i < config.breakerRounds(); i++) {
            probe.probe("v1", List.of(t)).get(30, TimeUnit.SECONDS);
        }
        HttpServer revived = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        revived.createContext("/health", ex -> answer(ex, 200));
        revived.start();
        try {
            ProbeObservation o = probe.probe("v1", List.of(t)).get(30, TimeUnit.SECONDS).get(0);
            assertThat(o.healthy()).as(o.detail()).isTrue();
            assertThat(probe.openBreakers()).isZero();
        } finally {
            revived.stop(0);
        }
    }

    @Test
    void malformedTargetUrlsAreNotProbedAndNeverThrow() throws Exception {
        // Both pass the intake schema's ^https?:// and once threw on the stream thread.
        List<ProbeObservation> obs = probe.probe("d1", List.of(new Target("empty", "http://"),
                new Target("port", "http://h:abc/"), new Target("ok", url("/ok")))).get(30, TimeUnit.SECONDS);
        assertThat(obs).extracting(ProbeObservation::unknown).containsExactly(true, true, false);
        assertThat(obs.get(0).detail()).contains("not probed: target URL");
        assertThat(obs.get(1).detail()).contains("no valid host and port");
        assertThat(obs.get(2).healthy()).isTrue();
    }

    @Test
    void aTargetResolvingToADeniedAddressIsNotCalled() throws Exception {
        HttpHealthProbe guarded = new HttpHealthProbe(config, client, new RecordMetrics(registry),
                new io.postflight.targets.TargetPolicy(io.postflight.targets.TargetPolicyConfig.defaults()));
        List<ProbeObservation> obs = guarded.probe("d1", List.of(new Target("local",
                "http://localhost:" + server.getAddress().getPort() + "/ok"))).get(30, TimeUnit.SECONDS);
        assertThat(obs.get(0).unknown()).isTrue();
        assertThat(obs.get(0).detail()).startsWith(io.postflight.targets.TargetPolicy.REFUSED).contains("loopback");
        assertThat(hits.get()).isZero();
    }

    @Test
    void aFullProbeQueueIsTheVerifiersOverloadNotTheTargets() throws Exception {
        HealthConfig tight = TestConfigs.health(Duration.ofSeconds(5), 1, 1, 0);
        try (ProbeClient small = new ProbeClient(tight)) {
            HttpHealthProbe busy = new HttpHealthProbe(tight, small, new RecordMetrics(registry),
                    TestConfigs.loopbackAllowed());
            List<ProbeObservation> obs = busy.probe("d1", List.of(new Target("slow", url("/slow")),
                    new Target("ok", url("/ok")))).get(30, TimeUnit.SECONDS);
            assertThat(obs.get(1).unknown()).as(obs.get(1).detail()).isTrue();
            assertThat(obs.get(1).detail()).contains("verifier overloaded").contains("probe queue full");
            assertThat(obs.get(1).healthy()).isFalse();
        }
    }

    @Test
    void aRoundWaitingInTheProbeQueueHasNotStartedUntilItsCallLeavesTheQueue() throws Exception {
        // One probe at a time: the second round waits in the queue behind the slow target's.
        HealthConfig one = TestConfigs.health(Duration.ofSeconds(5), 1, 1, 10);
        try (ProbeClient single = new ProbeClient(one)) {
            HttpHealthProbe queued = new HttpHealthProbe(one, single, new RecordMetrics(registry),
                    TestConfigs.loopbackAllowed());
            java.util.concurrent.atomic.AtomicLong firstStarted = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong secondStarted = new java.util.concurrent.atomic.AtomicLong();
            AtomicInteger secondStarts = new AtomicInteger();
            var slow = queued.probe("d1", List.of(new Target("slow", url("/slow"))),
                    () -> firstStarted.set(System.nanoTime()));
            long submitted = System.nanoTime();
            var waiting = queued.probe("d2", List.of(new Target("ok", url("/ok")), new Target("ok2", url("/ok"))),
                    () -> {
                        secondStarts.incrementAndGet();
                        secondStarted.set(System.nanoTime());
                    });
            assertThat(firstStarted.get()).as("a free slot: started at once").isNotZero();
            assertThat(secondStarts.get()).as("queued behind the slow probe: not started").isZero();

            waiting.get(30, TimeUnit.SECONDS);
            slow.get(30, TimeUnit.SECONDS);
            assertThat(secondStarts.get()).as("once per round, however many instances").isEqualTo(1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(secondStarted.get() - submitted))
                    .as("started when the slow probe (3 s) freed the slot").isGreaterThanOrEqualTo(2_500);
        }
    }

    @Test
    void aTimeoutWhileTheVerifierIsStarvedIsUnknownNotUnreachable() throws Exception {
        // Starve the verifier: its timer thread is held for longer than the starvation threshold
        // while a probe is timing out (as it is when the machine has no CPU left for it).
        HealthConfig sensitive = TestConfigs.health(Duration.ofMillis(300), 2, 64, 1000, Duration.ofMillis(100));
        try (ProbeClient starved = new ProbeClient(sensitive)) {
            HttpHealthProbe p = new HttpHealthProbe(sensitive, starved, new RecordMetrics(registry),
                    TestConfigs.loopbackAllowed());
            starved.onTimerThread(() -> sleep(2500));
            List<ProbeObservation> obs = p.probe("d1", List.of(new Target("slow", url("/slow"))))
                    .get(30, TimeUnit.SECONDS);
            assertThat(obs.get(0).unknown()).as(obs.get(0).detail()).isTrue();
            assertThat(obs.get(0).detail()).contains("verifier overloaded").contains("starved");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int closedPort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aDeadTargetIsUnreachableAfterItsRetryBudget() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        List<ProbeObservation> obs = probe.probe("d1", List.of(new Target("dead", "http://127.0.0.1:" + closedPort)))
                .get(30, TimeUnit.SECONDS);
        assertThat(obs.get(0).reachable()).isFalse();
        assertThat(obs.get(0).detail()).contains("after 2 attempt(s)");
    }
}
