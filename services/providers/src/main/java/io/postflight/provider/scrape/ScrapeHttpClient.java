package io.postflight.provider.scrape;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one JDK HTTP client a verifier scrapes metrics pages with, on a fixed, small pool of daemon
 * threads. Without an executor the JDK client runs its work on an unbounded cached pool, so one
 * event naming a thousand instances grew the verifier by dozens of threads; the threads only move
 * bytes (requests are asynchronous), so two suffice whatever the number of targets.
 */
public final class ScrapeHttpClient {
    /** Threads of the client: it never blocks on them, they only move bytes and complete futures. */
    public static final int THREADS = 2;

    private ScrapeHttpClient() {
    }

    /**
     * @param name thread name prefix, e.g. {@code baseline-scrape-http}
     */
    public static HttpClient bounded(Duration connectTimeout, String name) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return HttpClient.newBuilder().connectTimeout(connectTimeout).executor(executor)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }
}
