package io.postflight.benchmarks.load;

import io.postflight.testing.EmbeddedKafka;
import io.postflight.testing.SingleNodeBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * The broker a load benchmark runs against: in this JVM (the default), or in a process of its own
 * ({@code LOAD_BROKER=process}), as production brokers run apart from the services: then the
 * broker's garbage collections and safepoints do not pause the service measured, though it still
 * shares the machine's cores.
 */
final class LoadBroker implements AutoCloseable {
    private final EmbeddedKafka embedded;
    private final Process process;
    private final String bootstrapServers;

    private LoadBroker(EmbeddedKafka embedded, Process process, String bootstrapServers) {
        this.embedded = embedded;
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    static LoadBroker start() throws Exception {
        if (!"process".equals(System.getenv("LOAD_BROKER"))) {
            EmbeddedKafka kafka = EmbeddedKafka.start();
            return new LoadBroker(kafka, null, kafka.bootstrapServers());
        }
        Path dir = Files.createTempDirectory("postflight-load-broker");
        int port = freePort();
        int controller = freePort();
        Path config = dir.resolve("server.properties");
        Files.writeString(config, SingleNodeBroker.properties(dir.resolve("logs"), port, controller),
                StandardCharsets.UTF_8);
        Process format = java("kafka.tools.StorageTool", dir.resolve("format.log"),
                "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString());
        if (!format.waitFor(2, TimeUnit.MINUTES) || format.exitValue() != 0) {
            throw new IllegalStateException("cannot format the broker's log directory: see " + dir.resolve("format.log"));
        }
        Process broker = java("kafka.Kafka", dir.resolve("broker.log"), config.toString());
        // However the benchmark ends (an exception, Ctrl-C), the broker goes with it.
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroyForcibly));
        String bootstrap = "127.0.0.1:" + port;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        break;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException notYet) {
                    if (!broker.isAlive() || System.nanoTime() > deadline) {
                        broker.destroyForcibly();
                        throw new IllegalStateException("the broker did not start: see " + dir.resolve("broker.log"));
                    }
                    Thread.sleep(250);
                }
            }
        }
        System.out.printf("broker: a process of its own (pid %d), %s%n", broker.pid(), bootstrap);
        return new LoadBroker(null, broker, bootstrap);
    }

    private static Process java(String main, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
