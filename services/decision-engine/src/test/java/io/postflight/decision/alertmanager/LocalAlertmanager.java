package io.postflight.decision.alertmanager;

import io.postflight.testing.ServerReadiness;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Alertmanager ({@code /usr/bin/prometheus-alertmanager}) on a free loopback port, with one
 * route to a receiver that notifies no one and clustering off. It can be stopped and started again
 * on the same port, to play an outage.
 */
final class LocalAlertmanager implements AutoCloseable {
    static final String INSTALL = "apt-get install -y prometheus-alertmanager (in CI: .ci/install-prometheus.sh)";
    private static final String CONFIG = """
            route:
              receiver: blackhole
              group_wait: 1s
            receivers:
              - name: blackhole
            """;

    private final Path binary;
    private final Path workDir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private LocalAlertmanager(Path binary, Path workDir, int port) {
        this.binary = binary;
        this.workDir = workDir;
        this.port = port;
    }

    /** Starts Alertmanager and waits until it is ready; fails naming the install script when it is missing. */
    static LocalAlertmanager start() throws Exception {
        Path binary = Path.of(System.getProperty("alertmanager.binary", "/usr/bin/prometheus-alertmanager"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("Alertmanager not found at " + binary + ": this integration test needs a "
                    + "real Alertmanager. Install it with: " + INSTALL);
        }
        Path dir = Files.createTempDirectory("pf-alertmanager-it");
        Files.writeString(dir.resolve("alertmanager.yml"), CONFIG);
        LocalAlertmanager am = new LocalAlertmanager(binary, dir, freePort());
        am.startServer();
        return am;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the server (again) on the same port and waits until it answers {@code /-/ready}. */
    void startServer() throws Exception {
        process = new ProcessBuilder(binary.toString(),
                "--config.file=" + workDir.resolve("alertmanager.yml"),
                "--storage.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("alertmanager.log").toFile()))
                .start();
        ServerReadiness.await("alertmanager", process, url().resolve("/-/ready"), Duration.ofSeconds(60), this::log);
    }

    /** Stops the server (an outage); its port refuses connections until {@link #startServer()}. */
    void stopServer() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /** The body of a GET on {@code pathAndQuery}, which must answer 200. */
    String get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + pathAndQuery))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + pathAndQuery + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    String log() {
        try {
            return Files.readString(workDir.resolve("alertmanager.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws Exception {
        stopServer();
        http.close();
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
