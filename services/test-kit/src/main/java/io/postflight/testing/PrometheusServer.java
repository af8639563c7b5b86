package io.postflight.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Prometheus server for integration tests: the Debian package's {@code /usr/bin/prometheus}
 * (or {@code -Dprometheus.binary=...}) started on a free loopback port with a temporary
 * configuration and TSDB directory, scraping the given loopback targets. {@link #close()} stops
 * it and deletes its files.
 */
public final class PrometheusServer implements AutoCloseable {

    /** How to get the binary, for the failure message. */
    public static final String INSTALL =
            "apt-get update && apt-get install -y prometheus (or .ci/install-prometheus.sh)";

    /**
     * One scrape job.
     *
     * @param name job name
     * @param targets {@code host:port} of each target (metrics at {@code /metrics})
     * @param labels labels Prometheus attaches to every series of these targets
     */
    public record ScrapeJob(String name, List<String> targets, Map<String, String> labels) {
        public ScrapeJob {
            targets = List.copyOf(targets);
            labels = Map.copyOf(labels);
        }
    }

    private final Process process;
    private final Path workDir;
    private final URI url;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, Path workDir, URI url) {
        this.process = process;
        this.workDir = workDir;
        this.url = url;
    }

    /** Starts Prometheus scraping {@code jobs} every {@code scrapeInterval}; returns once it is ready. */
    public static PrometheusServer start(Duration scrapeInterval, List<ScrapeJob> jobs) throws Exception {
        Path binary = Path.of(System.getProperty("prometheus.binary", "/usr/bin/prometheus"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("Prometheus not found at " + binary + ": this integration test needs a "
                    + "real Prometheus server. Install it with: " + INSTALL);
        }
        Path workDir = Files.createTempDirectory("pf-prometheus");
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, config(scrapeInterval, jobs));
        int port = freePort();
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("prometheus.log").toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, workDir, URI.create("http://127.0.0.1:" + port));
        try {
            ServerReadiness.await("prometheus", process, URI.create(server.url + "/-/ready"), Duration.ofSeconds(60),
                    server::log);
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The configuration file: one static job per {@link ScrapeJob}, scrape timeout = interval. */
    static String config(Duration scrapeInterval, List<ScrapeJob> jobs) {
        String interval = scrapeInterval.toMillis() + "ms";
        StringBuilder out = new StringBuilder("global:\n  scrape_interval: " + interval + "\n  scrape_timeout: "
                + interval + "\n  evaluation_interval: " + interval + "\nscrape_configs:\n");
        for (ScrapeJob job : jobs) {
            out.append("  - job_name: '").append(job.name()).append("'\n    static_configs:\n      - targets: [")
                    .append(job.targets().stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")))
                    .append("]\n");
            if (!job.labels().isEmpty()) {
                out.append("        labels:\n");
                job.labels().forEach((k, v) -> out.append("          ").append(k).append(": '").append(v)
                        .append("'\n"));
            }
        }
        return out.toString();
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI url() {
        return url;
    }

    /** What Prometheus logged so far (warnings and errors), for failure messages. */
    public String log() {
        try {
            return Files.readString(workDir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Waits until at least {@code count} targets were scraped successfully ({@code up == 1}); a
     * timeout names the last count and Prometheus' log.
     */
    public void awaitTargetsUp(int count, Duration timeout) {
        await(count + " Prometheus targets up").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .dontCatchUncaughtExceptions().untilAsserted(() -> {
                    JsonNode result = query("count(up == 1)").path("data").path("result");
                    double up = result.isEmpty() ? 0 : result.get(0).path("value").get(1).asDouble();
                    if (up < count) {
                        throw new AssertionError(up + " of " + count + " targets up; log so far:\n" + log());
                    }
                });
    }

    /** An instant query through {@code /api/v1/query}: the decoded answer. */
    public JsonNode query(String promql) throws Exception {
        URI uri = URI.create(url + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        http.close();
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
