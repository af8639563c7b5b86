package io.postflight.baseline;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One instance of one version on loopback, serving a Micrometer-style {@code /metrics} page with
 * synthetic traffic: requests at a steady rate since start, a fixed share of them failed (HTTP
 * 500), latencies spread over the histogram buckets in fixed shares. Counters grow linearly, so
 * the increases Prometheus reports per step are known. A business counter, {@code orders_total},
 * grows with the requests at a fixed number of orders per request.
 */
final class SyntheticVersion implements AutoCloseable {
    /** Bucket bounds in seconds, as Micrometer exports them. */
    private static final double[] LE = {0.025, 0.05, 0.1, 0.25, 0.5};
    /** Share of requests at or below each bound (cumulative), then all of them at +Inf. */
    private static final double[] CUMULATIVE_SHARE = {0.30, 0.70, 0.93, 0.99, 0.998};

    private final String version;
    private final double requestsPerSecond;
    private final double errorShare;
    private final double ordersPerRequest;
    private final HttpServer server;
    private final long startNanos = System.nanoTime();

    SyntheticVersion(String version, double requestsPerSecond, double errorShare) throws IOException {
        this(version, requestsPerSecond, errorShare, 0.05);
    }

    SyntheticVersion(String version, double requestsPerSecond, double errorShare, double ordersPerRequest)
            throws IOException {
        this.version = version;
        this.requestsPerSecond = requestsPerSecond;
        this.errorShare = errorShare;
        this.ordersPerRequest = ordersPerRequest;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = page().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** {@code host:port}, as a Prometheus static target. */
    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    String url() {
        return "http://" + hostPort();
    }

    private String page() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long requests = (long) (requestsPerSecond * seconds);
        long errors = (long) (requests * errorShare);
        String v = "version=\"" + version + "\"";
        StringBuilder out = new StringBuilder("# TYPE http_server_requests_seconds histogram\n");
        out.append("http_server_requests_seconds_count{status=\"200\",").append(v).append("} ")
                .append(requests - errors).append('\n');
        out.append("http_server_requests_seconds_count{status=\"500\",").append(v).append("} ")
                .append(errors).append('\n');
        for (int i = 0; i < LE.length; i++) {
            out.append("http_server_requests_seconds_bucket{le=\"").append(LE[i]).append("\",").append(v)
                    .append("} ").append((long) (requests * CUMULATIVE_SHARE[i])).append('\n');
        }
        out.append("http_server_requests_seconds_bucket{le=\"+Inf\",").append(v).append("} ")
                .append(requests).append('\n');
        out.append("# TYPE orders_total counter\n");
        out.append("orders_total{").append(v).append("} ").append((long) (requests * ordersPerRequest)).append('\n');
        return out.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
