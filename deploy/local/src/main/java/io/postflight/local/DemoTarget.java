package io.postflight.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One instance of a demo service: a real HTTP server on loopback with liveness and readiness
 * endpoints whose behaviour is scripted, and a {@code /metrics} page (Prometheus text format, as
 * Micrometer writes it) fed by synthetic traffic, so the verifiers probe and scrape something real.
 *
 * <p>A generator on a virtual thread plays the service's users: about {@value #REQUESTS_PER_SECOND}
 * requests a second, 0.5 % of them failing, log-normal latencies around 40 ms, all labelled with the
 * instance's version. Resident memory and CPU time grow as a process's do.
 */
public final class DemoTarget implements AutoCloseable {

    /** How the instance behaves. */
    public enum Behaviour {
        HEALTHY,
        /** Live, but readiness answers 503: e.g. it cannot reach its database. */
        NEVER_READY,
        /** Up for a moment, then down, again and again: a crash loop seen from outside. */
        CRASH_LOOP,
        /** Healthy to every probe, but every request about three times slower. */
        LATENCY_REGRESSION,
        /** Healthy and as fast as ever, but resident memory grows steadily: a leak. */
        MEMORY_LEAK,
        /** Healthy, fast and error-free, but few requests end in an order: a broken checkout button. */
        ORDERS_DROP
    }

    static final int REQUESTS_PER_SECOND = 40;
    private static final double ERROR_SHARE = 0.005;
    /** Share of successful requests that place an order (the demo's business metric, {@code orders_total}). */
    private static final double ORDER_SHARE = 0.3;
    private static final double BROKEN_ORDER_SHARE = 0.03;
    private static final double MEDIAN_LATENCY_SECONDS = 0.040;
    private static final double LATENCY_SPREAD = 0.45;
    private static final double SLOWDOWN = 3.0;
    private static final double BASE_MEMORY_BYTES = 180e6;
    private static final double LEAK_BYTES_PER_SECOND = 1.5e6;
    /** Micrometer's default SLO-style buckets for HTTP server requests, in seconds. */
    private static final double[] LE = {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5};
    private static final String[] STATUSES = {"200", "500"};

    private final String instance;
    private final String version;
    private final Behaviour behaviour;
    private final HttpServer server;
    private final long startedAt = System.currentTimeMillis();
    private final AtomicInteger probes = new AtomicInteger();
    private final Thread generator;
    private volatile boolean running = true;
    // Guarded by "this": one request is recorded in the counters and the buckets at once.
    private final long[] count = new long[STATUSES.length];
    private final double[] sumSeconds = new double[STATUSES.length];
    private final long[][] cumulative = new long[STATUSES.length][LE.length];
    private double cpuSeconds;
    private long orders;

    /** An instance whose version does not matter (health probes only). */
    public DemoTarget(String instance, Behaviour behaviour) throws IOException {
        this(instance, "0.0.0", behaviour);
    }

    public DemoTarget(String instance, String version, Behaviour behaviour) throws IOException {
        this.instance = instance;
        this.version = version;
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
        server.createContext("/metrics", this::metrics);
        server.setExecutor(null);
        server.start();
        generator = Thread.ofVirtual().name("demo-traffic-" + instance).start(this::generateTraffic);
    }

    public String instance() {
        return instance;
    }

    public String version() {
        return version;
    }

    /** Health requests answered so far (liveness and readiness each count). */
    public int probes() {
        return probes.get();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Where the instance's metrics page is. */
    public String metricsUrl() {
        return url() + "/metrics";
    }

    private boolean up() {
        if (behaviour != Behaviour.CRASH_LOOP) {
            return true;
        }
        // Up for three probe rounds, down for three, again and again: a process that starts,
        // crashes and is restarted. Counted in probes, not seconds, so that a slow machine cannot
        // make every probe land in an "up" stretch.
        return (probes.get() / 2 / 3) % 2 == 0;
    }

    private boolean live() {
        return up();
    }

    private boolean ready() {
        return up() && behaviour != Behaviour.NEVER_READY;
    }

    /**
     * Plays users: every 100 ms, the requests that arrived since the last round with their outcome
     * and latency. Arrivals follow the clock, not the loop: users do not slow down when this JVM
     * (which also runs the verifier in the demo) is starved of CPU, so a late round plays every
     * request it missed (at most 10 s worth) instead of leaving a gap that reads as lost traffic.
     */
    private void generateTraffic() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long last = System.nanoTime();
        while (running) {
            long now = System.nanoTime();
            double elapsed = Math.min((now - last) / 1e9, 10.0);
            double expected = REQUESTS_PER_SECOND * elapsed;
            last = now;
            // Poisson arrivals, by the sum of exponential gaps.
            int n = 0;
            for (double t = -Math.log(1 - random.nextDouble()); t < expected; t -= Math.log(1 - random.nextDouble())) {
                n++;
            }
            synchronized (this) {
                for (int i = 0; i < n; i++) {
                    double latency = MEDIAN_LATENCY_SECONDS * Math.exp(LATENCY_SPREAD * random.nextGaussian())
                            * (behaviour == Behaviour.LATENCY_REGRESSION ? SLOWDOWN : 1);
                    int status = random.nextDouble() < ERROR_SHARE ? 1 : 0;
                    record(status, latency);
                    double orderShare = behaviour == Behaviour.ORDERS_DROP ? BROKEN_ORDER_SHARE : ORDER_SHARE;
                    if (status == 0 && random.nextDouble() < orderShare) {
                        orders++;
                    }
                }
                cpuSeconds += elapsed * 0.05 + n * 0.002;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void record(int status, double seconds) {
        count[status]++;
        sumSeconds[status] += seconds;
        for (int j = 0; j < LE.length; j++) {
            if (seconds <= LE[j]) {
                cumulative[status][j]++;
            }
        }
    }

    private void metrics(HttpExchange ex) throws IOException {
        if (!up()) {
            answer(ex, false);
            return;
        }
        byte[] body = page().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    /** The page, as Micrometer's Prometheus registry writes it. */
    private synchronized String page() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP http_server_requests_seconds HTTP server request latency\n");
        out.append("# TYPE http_server_requests_seconds histogram\n");
        for (int s = 0; s < STATUSES.length; s++) {
            String labels = "method=\"GET\",status=\"" + STATUSES[s] + "\",uri=\"/checkout\",version=\"" + version + "\"";
            for (int j = 0; j < LE.length; j++) {
                out.append("http_server_requests_seconds_bucket{").append(labels).append(",le=\"")
                        .append(format(LE[j])).append("\"} ").append(cumulative[s][j]).append('\n');
            }
            out.append("http_server_requests_seconds_bucket{").append(labels).append(",le=\"+Inf\"} ")
                    .append(count[s]).append('\n');
            out.append("http_server_requests_seconds_count{").append(labels).append("} ").append(count[s]).append('\n');
            out.append("http_server_requests_seconds_sum{").append(labels).append("} ")
                    .append(format(sumSeconds[s])).append('\n');
        }
        out.append("# HELP orders_total Orders placed\n# TYPE orders_total counter\n");
        out.append("orders_total{version=\"").append(version).append("\"} ").append(orders).append('\n');
        double uptime = (System.currentTimeMillis() - startedAt) / 1000.0;
        double memory = BASE_MEMORY_BYTES + 4e6 * Math.sin(uptime / 7)
                + (behaviour == Behaviour.MEMORY_LEAK ? LEAK_BYTES_PER_SECOND * uptime : 0);
        out.append("# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes ")
                .append(format(Math.floor(memory))).append('\n');
        out.append("# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total ")
                .append(format(cpuSeconds)).append('\n');
        out.append("# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds ")
                .append(format(startedAt / 1000.0)).append('\n');
        return out.toString();
    }

    /** A number as the exposition format writes it: whole numbers without exponent or fraction. */
    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
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
        running = false;
        generator.interrupt();
        server.stop(0);
    }
}
