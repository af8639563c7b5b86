package io.postflight.faults;

import static org.awaitility.Awaitility.await;

import io.postflight.contracts.Topics;
import io.postflight.local.ChildJvm;
import io.postflight.runtime.CatalogueNewTopics;
import io.postflight.testing.SingleNodeBroker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft broker in a child JVM ({@code kafka.Kafka}) on fixed ports and log
 * directories, so it can be stopped and started again as the same broker: a broker outage as an
 * operator sees one, with the clients keeping their bootstrap address throughout.
 */
final class BrokerProcess implements AutoCloseable {
    private final Path dir;
    private final Path config;
    private final int port;
    private ChildJvm jvm;

    private BrokerProcess(Path dir, Path config, int port) {
        this.dir = dir;
        this.config = config;
        this.port = port;
    }

    /** Formats its log directory and starts it; returns once it answers, with the catalogue's topics. */
    static BrokerProcess start() throws Exception {
        Path dir = Files.createTempDirectory("broker-process");
        int port = freePort();
        int controller = freePort();
        Path config = dir.resolve("server.properties");
        Files.writeString(config, SingleNodeBroker.properties(dir.resolve("logs"), port, controller),
                StandardCharsets.UTF_8);
        try (ChildJvm format = ChildJvm.start("kafka.tools.StorageTool", List.of("format", "-t",
                Uuid.randomUuid().toString(), "-c", config.toString()), List.of(), Map.of(), dir.resolve("format"))) {
            if (!format.process().waitFor(2, TimeUnit.MINUTES) || format.process().exitValue() != 0) {
                throw new IllegalStateException("cannot format the broker's log directory: " + format.stdout()
                        + format.stderr());
            }
        }
        BrokerProcess b = new BrokerProcess(dir, config, port);
        b.startAgain();
        try (Admin admin = b.admin()) {
            admin.createTopics(Topics.all().stream().map(t -> CatalogueNewTopics.newTopic(t, (short) 1)).toList())
                    .all().get(60, TimeUnit.SECONDS);
        }
        return b;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker (again) on the same ports and log directories; returns once it answers. */
    void startAgain() throws Exception {
        jvm = ChildJvm.start("kafka.Kafka", List.of(config.toString()), List.of("-Xmx512m"), Map.of(),
                dir.resolve("run-" + System.nanoTime()));
        try (Admin admin = admin()) {
            await("broker at " + bootstrapServers()).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsMatching(e -> e instanceof ExecutionException || e instanceof TimeoutException)
                    .until(() -> !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty());
        }
    }

    /** Stops the broker as an operator would (SIGTERM, a controlled shutdown); returns once it is gone. */
    void stop() throws InterruptedException {
        jvm.stop();
        if (!jvm.process().waitFor(2, TimeUnit.MINUTES)) {
            jvm.kill();
        }
    }

    private Admin admin() {
        return Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (jvm != null) {
            jvm.close();
        }
    }
}
