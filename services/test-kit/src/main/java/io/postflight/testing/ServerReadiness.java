package io.postflight.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import org.awaitility.Awaitility;

/**
 * Waits for a server process started by a test (Prometheus, Alertmanager) to answer its readiness
 * endpoint with HTTP 200. A process that exits fails at once; both failures carry the server's log,
 * which is where the reason is.
 */
public final class ServerReadiness {
    private ServerReadiness() {
    }

    /**
     * @param name what the server is, for messages
     * @param process the server's process
     * @param readyUri its readiness endpoint, e.g. {@code http://127.0.0.1:9090/-/ready}
     * @param timeout how long start-up may take (generous: the machine may be busy)
     * @param log what the server logged so far
     */
    public static void await(String name, Process process, URI readyUri, Duration timeout, Supplier<String> log) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            Awaitility.await(name + " ready at " + readyUri).atMost(timeout)
                    .pollInterval(Duration.ofMillis(200)).dontCatchUncaughtExceptions().untilAsserted(() -> {
                        if (!process.isAlive()) {
                            // Not an AssertionError: Awaitility passes it on at once instead of waiting on.
                            throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n"
                                    + log.get());
                        }
                        String answer = answer(http, readyUri);
                        if (!answer.equals("200")) {
                            throw new AssertionError("last answer: " + answer + "; log so far:\n" + log.get());
                        }
                    });
        }
    }

    /** The status code, or why there was none. */
    private static String answer(HttpClient http, URI uri) throws InterruptedException {
        try {
            return String.valueOf(http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException notYet) {
            return notYet.toString();
        }
    }
}
