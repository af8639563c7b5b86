package io.postflight.benchmarks.load;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The instances a load run probes: one HTTP server on loopback answering every health path with
 * 200, counting requests. Its threads are named {@code stub-target-*} so their CPU is not counted
 * as the verifier's.
 */
final class StubTargets implements AutoCloseable {
    private static final byte[] OK = "{\"status\":\"UP\"}".getBytes();
    private final HttpServer server;
    private final ExecutorService threads;
    private final AtomicLong requests = new AtomicLong();

    private StubTargets(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    static StubTargets start(int threadCount) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(threadCount, r -> {
            Thread t = new Thread(r, "stub-target-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        StubTargets stub = new StubTargets(server, threads);
        server.createContext("/", exchange -> {
            stub.requests.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, OK.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(OK);
            }
        });
        server.setExecutor(threads);
        server.start();
        return stub;
    }

    /** Base URL of instance {@code i}: all share one server, told apart by path so each has its own URL. */
    String url(int i) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/i" + i;
    }

    long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
