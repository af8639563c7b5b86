package io.postflight.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postflight.testing.ScriptedHttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResilientCallsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Fast policy: 300 ms per attempt, 3 attempts, 100 ms backoff doubling, no jitter. */
    private static final ResiliencePolicy FAST = new ResiliencePolicy(Duration.ofMillis(300), 3,
            Duration.ofMillis(100), 2.0, 0.0, Duration.ofSeconds(1), 50f, 4, 4, Duration.ofMinutes(5), 1);

    private ScriptedHttpServer server;
    private ResilientCalls calls;
    /** Attempts the helper made (the JDK client may itself resend an idempotent GET once). */
    private final AtomicInteger attempts = new AtomicInteger();

    /** The JDK client's first request loads much of its code: longer than a 300 ms attempt. */
    @BeforeAll
    static void warmUpHttpClient() throws Exception {
        try (ScriptedHttpServer warmUp = new ScriptedHttpServer()) {
            HTTP.send(HttpRequest.newBuilder(warmUp.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedHttpServer();
    }

    @AfterEach
    void stop() {
        if (calls != null) {
            calls.close();
        }
        server.close();
    }

    private String get(String path) throws IOException, InterruptedException, PermanentCallException {
        attempts.incrementAndGet();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(server.uri(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 400) {
            throw new PermanentCallException("bad request");
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        return response.body();
    }

    @Test
    void retriesServerErrorsWithExponentialBackoffUntilSuccess() throws Exception {
        server.enqueue(ScriptedHttpServer.Reply.status(503), ScriptedHttpServer.Reply.status(500),
                ScriptedHttpServer.Reply.ok("third time"));
        calls = new ResilientCalls(FAST, null);

        assertThat(calls.call("t", () -> get("/x"))).isEqualTo("third time");

        assertThat(attempts.get()).isEqualTo(3);
        // No jitter: waits are 100 ms, then 200 ms.
        assertThat(server.gapMillis(0)).isBetween(90L, 190L);
        assertThat(server.gapMillis(1)).isBetween(190L, 320L);
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastFailure() {
        server.otherwise(ScriptedHttpServer.Reply.status(500));
        calls = new ResilientCalls(FAST, null);

        assertThatThrownBy(() -> calls.call("prom", () -> get("/x")))
                .isInstanceOfSatisfying(CallFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(CallFailedException.Reason.FAILED);
                    assertThat(e.attempts()).isEqualTo(3);
                    assertThat(e.target()).isEqualTo("prom");
                    assertThat(e.getCause()).hasMessage("HTTP 500");
                });
        assertThat(attempts.get()).isEqualTo(3);
    }

    @Test
    void slowTargetTimesOutPerAttemptAndTheWholeCallStaysBounded() {
        server.otherwise(ScriptedHttpServer.Reply.slow(30_000, "too late"));
        calls = new ResilientCalls(FAST.withRetry(2, Duration.ofMillis(50)), null);

        long startNanos = System.nanoTime();
        assertThatThrownBy(() -> calls.call("slow", () -> get("/slow")))
                .isInstanceOfSatisfying(CallFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(CallFailedException.Reason.TIMED_OUT);
                    assertThat(e.attempts()).isEqualTo(2);
                });
        long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
        // 2 x 300 ms + 50 ms backoff at least; far below the 30 s the server would take, however busy
        // the machine running the test is.
        assertThat(elapsedMillis).isBetween(600L, 20_000L);
    }

    @Test
    void permanentFailureIsNotRetriedNorHeldAgainstTheTarget() {
        server.otherwise(ScriptedHttpServer.Reply.status(400));
        calls = new ResilientCalls(FAST, null);

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> calls.call("t", () -> get("/bad")))
                    .isInstanceOfSatisfying(CallFailedException.class,
                            e -> assertThat(e.reason()).isEqualTo(CallFailedException.Reason.PERMANENT));
        }
        assertThat(attempts.get()).isEqualTo(5);
        assertThat(calls.breakerState("t")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void breakerOpensPerTargetAndThenRejectsWithoutCalling() throws Exception {
        server.otherwise(ScriptedHttpServer.Reply.status(500));
        // Window of 4 attempts, all failing: the breaker opens after the 4th attempt.
        calls = new ResilientCalls(FAST.withRetry(2, Duration.ofMillis(10)), null);

        assertThatThrownBy(() -> calls.call("down", () -> get("/x")))
                .isInstanceOfSatisfying(CallFailedException.class,
                        e -> assertThat(e.reason()).isEqualTo(CallFailedException.Reason.FAILED));
        assertThatThrownBy(() -> calls.call("down", () -> get("/x")))
                .isInstanceOfSatisfying(CallFailedException.class,
                        e -> assertThat(e.reason()).isEqualTo(CallFailedException.Reason.FAILED));
        assertThat(attempts.get()).isEqualTo(4);
        assertThat(calls.breakerState("down")).isEqualTo(CircuitBreaker.State.OPEN);

        assertThatThrownBy(() -> calls.call("down", () -> get("/x")))
                .isInstanceOfSatisfying(CallFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(CallFailedException.Reason.CIRCUIT_OPEN);
                    assertThat(e.attempts()).isZero();
                });
        assertThat(attempts.get()).isEqualTo(4);

        // Another target has its own breaker.
        server.otherwise(ScriptedHttpServer.Reply.ok("fine"));
        assertThat(calls.call("other", () -> get("/x"))).isEqualTo("fine");
    }

    @Test
    void openBreakerLetsAProbeThroughAfterTheWaitAndClosesOnSuccess() throws Exception {
        server.otherwise(ScriptedHttpServer.Reply.status(500));
        calls = new ResilientCalls(FAST.withRetry(1, Duration.ofMillis(10))
                .withBreaker(50f, 2, 2, Duration.ofMillis(200)), null);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> calls.call("flaky", () -> get("/x"))).isInstanceOf(CallFailedException.class);
        }
        assertThat(calls.breakerState("flaky")).isEqualTo(CircuitBreaker.State.OPEN);

        Thread.sleep(300);
        server.otherwise(ScriptedHttpServer.Reply.ok("back"));
        assertThat(calls.call("flaky", () -> get("/x"))).isEqualTo("back");
        assertThat(calls.breakerState("flaky")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void asyncCallReturnsAtOnceAndCompletesLater() throws Exception {
        server.enqueue(ScriptedHttpServer.Reply.status(500)).otherwise(ScriptedHttpServer.Reply.slow(150, "later"));
        calls = new ResilientCalls(FAST, null);

        // The call cannot start before the test lets it: callAsync must return without waiting for it.
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<String> future = calls.callAsync("t", () -> {
            go.await();
            return get("/x");
        });

        assertThat(future).isNotDone();
        go.countDown();
        assertThat(future.get(30, TimeUnit.SECONDS)).isEqualTo("later");
        assertThat(attempts.get()).isEqualTo(2);
    }

    @Test
    void composeAsyncBoundsAnAsyncHttpCallAndFailsWithCallFailedException() {
        server.otherwise(ScriptedHttpServer.Reply.slow(2_000, "late"));
        calls = new ResilientCalls(FAST.withRetry(1, Duration.ofMillis(10)), null);

        CompletableFuture<HttpResponse<String>> future = calls.composeAsync("t",
                () -> HTTP.sendAsync(HttpRequest.newBuilder(server.uri("/x")).build(),
                        HttpResponse.BodyHandlers.ofString()));

        assertThatThrownBy(() -> future.get(2, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(CallFailedException.class,
                        e -> assertThat(e.reason()).isEqualTo(CallFailedException.Reason.TIMED_OUT));
    }

    @Test
    void cancellingAnAsyncCallInterruptsTheAttemptAndStopsRetrying() throws Exception {
        server.otherwise(ScriptedHttpServer.Reply.slow(250, "slow"));
        calls = new ResilientCalls(FAST, null);
        CompletableFuture<Boolean> started = new CompletableFuture<>();
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();

        CompletableFuture<String> future = calls.callAsync("t", () -> {
            started.complete(true);
            try {
                Thread.sleep(5_000); // a slow attempt, to be cut short
                return "never";
            } catch (InterruptedException e) {
                interrupted.complete(true);
                throw e;
            }
        });
        // Cancel once the attempt runs, however long a busy machine takes to start it.
        started.get(10, TimeUnit.SECONDS);
        future.cancel(true);

        assertThat(interrupted.get(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(400);
        assertThat(future).isCancelled();
    }

    @Test
    void publishesBreakerAndRetryMetersTaggedWithTheTarget() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        server.enqueue(ScriptedHttpServer.Reply.status(500)).otherwise(ScriptedHttpServer.Reply.ok("x"));
        calls = new ResilientCalls(FAST, registry);

        calls.call("prometheus", () -> get("/x"));

        assertThat(registry.get("resilience4j.circuitbreaker.state").tag("name", "prometheus")
                .tag("state", "closed").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("resilience4j.retry.calls").tag("name", "prometheus")
                .tag("kind", "successful_with_retry").functionCounter().count()).isEqualTo(1.0);
    }

    @Test
    void policyRejectsNonsenseAndComputesItsWorstCase() {
        assertThatThrownBy(() -> ResiliencePolicy.defaults().withRetry(0, Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResiliencePolicy.defaults().withTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        // 3 x 300 ms + 100 ms + 200 ms (no jitter).
        assertThat(FAST.worstCase()).isEqualTo(Duration.ofMillis(1_200));
    }
}
