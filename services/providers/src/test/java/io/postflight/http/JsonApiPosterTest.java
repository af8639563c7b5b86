package io.postflight.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.http.MediaType;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The poster against a real HTTP server on loopback: what it sends, that every status comes back
 * as an answer, and which failures are {@link IOException}s.
 */
class JsonApiPosterTest {
    private final AtomicReference<Headers> lastHeaders = new AtomicReference<>();
    private final AtomicReference<String> lastBody = new AtomicReference<>();
    private HttpServer server;
    private JsonApiPoster poster;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            lastHeaders.set(exchange.getRequestHeaders());
            lastBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/slow")) {
                sleep(30_000);
            }
            if (path.equals("/moved")) {
                exchange.getResponseHeaders().set("Location", "/elsewhere");
            }
            int status = path.startsWith("/status/") ? Integer.parseInt(path.substring(8))
                    : path.equals("/moved") ? 302 : 200;
            byte[] body = ("{\"path\":\"" + path + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException clientGone) {
                // the client gave up (timeout); nothing to answer to
            }
        });
        server.start();
        poster = new JsonApiPoster(uri(""), Duration.ofMillis(500));
    }

    @AfterEach
    void stop() {
        poster.close();
        server.stop(0);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void sendsTheBodyAsIsWithContentTypeAcceptAndExtraHeaders() throws Exception {
        JsonApiPoster.Answer answer = poster.post(uri("/api/v1/query_range"), MediaType.APPLICATION_FORM_URLENCODED_TYPE,
                "query=up%7Bjob%3D%22a%22%7D&step=30s", Map.of("X-Scope-OrgID", "tenant-1", "Authorization", "Bearer t"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo("{\"path\":\"/api/v1/query_range\"}");
        assertThat(lastBody.get()).isEqualTo("query=up%7Bjob%3D%22a%22%7D&step=30s");
        Headers headers = lastHeaders.get();
        assertThat(headers.getFirst("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(headers.getFirst("Accept")).isEqualTo("application/json");
        assertThat(headers.getFirst("X-Scope-OrgID")).isEqualTo("tenant-1");
        assertThat(headers.getFirst("Authorization")).isEqualTo("Bearer t");
    }

    @Test
    void errorStatusesAreAnswersNotExceptions() throws Exception {
        for (int status : new int[] {400, 404, 422, 503}) {
            JsonApiPoster.Answer answer = poster.post(uri("/status/" + status), MediaType.APPLICATION_JSON_TYPE, "[]",
                    Map.of());

            assertThat(answer.status()).isEqualTo(status);
            assertThat(answer.text()).contains("/status/" + status);
        }
    }

    @Test
    void aRedirectIsReportedNotFollowed() throws Exception {
        assertThat(poster.post(uri("/moved"), MediaType.APPLICATION_JSON_TYPE, "[]", Map.of()).status())
                .isEqualTo(302);
    }

    @Test
    void aSlowServerIsAnIoExceptionWithinTheTimeout() {
        long start = System.nanoTime();

        // The server would answer 200 after 30 s: an IOException well before that is the 500 ms timeout.
        assertThatThrownBy(() -> poster.post(uri("/slow"), MediaType.APPLICATION_JSON_TYPE, "[]", Map.of()))
                .isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void noServerIsAnIoException() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/api/v2/alerts");
        try (JsonApiPoster toNowhere = new JsonApiPoster(nowhere, Duration.ofMillis(500))) {
            assertThatThrownBy(() -> toNowhere.post(nowhere, MediaType.APPLICATION_JSON_TYPE, "[]", Map.of()))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void interruptingTheCallerAbandonsTheExchange() throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                poster.post(uri("/slow"), MediaType.APPLICATION_JSON_TYPE, "[]", Map.of());
                outcome.complete(null);
            } catch (Exception e) {
                outcome.complete(e);
            }
        });
        await("the slow request at the server").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> lastBody.get() != null);
        caller.interrupt();

        // Had the interrupt not ended the exchange, the poster's 500 ms timeout (an IOException) or the
        // server's answer after 2 s would have: only the interrupt ends it with an InterruptedException.
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    }

    @Test
    void blockingOnANettyEventLoopThreadIsRefused() throws Exception {
        // Event-loop threads are FastThreadLocalThreads; Micronaut's blocking client refuses them.
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread loop = new FastThreadLocalThread(() -> {
            try {
                poster.post(uri("/"), MediaType.APPLICATION_JSON_TYPE, "[]", Map.of());
                outcome.complete(null);
            } catch (Exception e) {
                outcome.complete(e);
            }
        });
        loop.start();

        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class)
                .hasMessageContaining("event loop");
    }
}
