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
    private HttpHealthProbe probe;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void setUp() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok/health/live", ex -> answer(ex, 200));
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
        HealthConfig config = new HealthConfig("/health/live", "/health/ready", Duration.ofSeconds(10),
                Duration.ofMillis(300), 2, Duration.ofMillis(50), 3, 3, 3, Duration.ofMinutes(5),
                Duration.ofMillis(100), Duration.ofHours(2));
        probe = new HttpHealthProbe(config, registry, new RecordMetrics(registry));
    }

    @AfterEach
    void tearDown() {
        probe.close();
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
                new Target("unready", url("/unready")))).get(5, TimeUnit.SECONDS);
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
        long start = System.nanoTime();
        List<ProbeObservation> obs = probe.probe("d1", List.of(new Target("slow", url("/slow")),
                new Target("ok", url("/ok")))).get(5, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(obs.get(0).reachable()).isFalse();
        assertThat(obs.get(0).detail()).contains("timed out after 2 attempt(s)");
        assertThat(obs.get(1).healthy()).isTrue();
        // 2 attempts of 300 ms plus backoff, far below the 3 s the slow target would take.
        assertThat(ms).isLessThan(2000);
        assertThat(slowCalls.get()).isEqualTo(4); // 2 endpoints x 2 attempts
    }

    @Test
    void aNewDeploymentAtTheSameAddressStartsWithAClosedBreaker() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Target dead = new Target("t", "http://127.0.0.1:" + port);
        // Enough failures to open the breaker for the first deployment.
        for (int i = 0; i < 6; i++) {
            probe.probe("v1", List.of(dead)).get(5, TimeUnit.SECONDS);
        }
        assertThat(probe.probe("v1", List.of(dead)).get(5, TimeUnit.SECONDS).get(0).detail()).contains("circuit open");
        probe.release("v1", List.of(dead));
        HttpServer revived = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        revived.createContext("/health", ex -> answer(ex, 200));
        revived.start();
        try {
            ProbeObservation o = probe.probe("v2", List.of(dead)).get(5, TimeUnit.SECONDS).get(0);
            assertThat(o.healthy()).as(o.detail()).isTrue();
        } finally {
            revived.stop(0);
        }
    }

    @Test
    void aDeadTargetIsUnreachableAfterItsRetryBudget() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        List<ProbeObservation> obs = probe.probe("d1", List.of(new Target("dead", "http://127.0.0.1:" + closedPort)))
                .get(5, TimeUnit.SECONDS);
        assertThat(obs.get(0).reachable()).isFalse();
        assertThat(obs.get(0).detail()).contains("after 2 attempt(s)");
    }
}
