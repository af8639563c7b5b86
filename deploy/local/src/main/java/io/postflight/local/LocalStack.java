package io.postflight.local;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.postflight.kafka.EmbeddedKafka;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded default: a real single-node KRaft broker in this JVM and one Micronaut context
 * running every service (each service's environment switched on), sharing one HTTP port for
 * health and metrics.
 */
public final class LocalStack implements AutoCloseable {
    /** Every service's environment, plus "local" for the all-in-one's own settings. */
    static final String[] ENVIRONMENTS = {"gateway", "health", "baseline", "drift", "decision", "local"};

    private final EmbeddedKafka kafka;
    private final ApplicationContext context;

    private LocalStack(EmbeddedKafka kafka, ApplicationContext context) {
        this.kafka = kafka;
        this.context = context;
    }

    /** Starts the broker, then every service, with {@code extra} environments and properties. */
    public static LocalStack start(String[] extraEnvironments, Map<String, Object> extraProperties) throws Exception {
        System.setProperty("logback.configurationFile", "logback-local.xml");
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            Path state = Files.createTempDirectory("postflight-state");
            Map<String, Object> props = new HashMap<>();
            props.put("postflight.kafka.bootstrap-servers", kafka.bootstrapServers());
            props.put("postflight.state-dir", state.toString());
            props.putAll(extraProperties);
            String[] envs = concat(ENVIRONMENTS, extraEnvironments);
            ApplicationContext ctx = ApplicationContext.builder(envs).properties(props)
                    .deduceEnvironment(false).start();
            ctx.findBean(EmbeddedServer.class).ifPresent(s -> {
                if (!s.isRunning()) {
                    s.start();
                }
            });
            return new LocalStack(kafka, ctx);
        } catch (Exception | Error e) {
            kafka.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public ApplicationContext context() {
        return context;
    }

    public int httpPort() {
        return context.findBean(EmbeddedServer.class).map(EmbeddedServer::getPort).orElse(-1);
    }

    static int runForever(PrintStream out) throws Exception {
        try (LocalStack stack = start(new String[0], Map.of())) {
            out.println("Postflight is running.");
            out.println("  Kafka bootstrap servers: " + stack.bootstrapServers());
            out.println("  Health:  http://localhost:" + stack.httpPort() + "/health");
            out.println("  Metrics: http://localhost:" + stack.httpPort() + "/prometheus");
            out.println("  Send deploy events to topic postflight.deploy-events; Ctrl-C stops.");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }

    @Override
    public void close() {
        // Services first (Kafka Streams commits and closes cleanly), then the broker.
        try {
            context.close();
        } finally {
            kafka.close();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
