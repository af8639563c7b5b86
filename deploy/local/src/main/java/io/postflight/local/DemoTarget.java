package io.postflight.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One instance of a demo service: a real HTTP server on loopback with liveness and readiness
 * endpoints whose behaviour is scripted (healthy, never ready, or crash-looping), so the verifiers
 * probe something real.
 */
public final class DemoTarget implements AutoCloseable {

    /** How the instance behaves. */
    public enum Behaviour {
        HEALTHY,
        /** Live, but readiness answers 503: e.g. it cannot reach its database. */
        NEVER_READY,
        /** Up for a moment, then down, again and again: a crash loop seen from outside. */
        CRASH_LOOP
    }

    private final String instance;
    private final Behaviour behaviour;
    private final HttpServer server;
    private final long startedAt = System.currentTimeMillis();
    private final java.util.concurrent.atomic.AtomicInteger probes = new java.util.concurrent.atomic.AtomicInteger();

    public DemoTarget(String instance, Behaviour behaviour) throws IOException {
        this.instance = instance;
        this.behaviour = behaviour;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health/live", ex -> {
            probes.incrementAndGet();
            answer(ex, live());
        });
        server.createContext("/health/ready", ex -> {
            probes.incrementAndGet();
            answer(ex, ready());
        });
        server.setExecutor(null);
        server.start();
    }

    public String instance() {
        return instance;
    }

    /** Health requests answered so far (liveness and readiness each count). */
    public int probes() {
        return probes.get();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private boolean up() {
        if (behaviour != Behaviour.CRASH_LOOP) {
            return true;
        }
        // 1.2 s up, 0.8 s down: a process that starts, crashes and is restarted.
        return (System.currentTimeMillis() - startedAt) % 2000 < 1200;
    }

    private boolean live() {
        return up();
    }

    private boolean ready() {
        return up() && behaviour != Behaviour.NEVER_READY;
    }

    private static void answer(HttpExchange ex, boolean ok) throws IOException {
        byte[] body = ("{\"status\":\"" + (ok ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(ok ? 200 : 503, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
