package io.postflight.local;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.postflight.testing.EmbeddedKafka;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded default: a real single-node KRaft broker in this JVM and every service, each in
 * its own Micronaut context (its own environment, Kafka Streams application and HTTP port), as
 * independent as they are when deployed apart.
 */
public final class LocalStack implements AutoCloseable {
    /** The services' Micronaut environments and application classes, in start order (intake last). */
    static final Map<String, String> SERVICES = orderedServices();

    private static Map<String, String> orderedServices() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("decision", "io.postflight.decision.DecisionEngineApplication");
        // Before the health verifier, which follows the pod sets it publishes (ADR 0029); with no
        // postflight.discovery.clusters configured it watches nothing and costs one idle stream thread.
        m.put("discovery", "io.postflight.discovery.DiscoveryApplication");
        m.put("health", "io.postflight.health.HealthVerifierApplication");
        m.put("baseline", "io.postflight.baseline.BaselineVerifierApplication");
        m.put("drift", "io.postflight.drift.DriftVerifierApplication");
        m.put("verdict-api", "io.postflight.verdict.VerdictApiApplication");
        m.put("gateway", "io.postflight.gateway.GatewayApplication");
        return m;
    }

    /** Each service's Micronaut environment → its main class, in start order (intake last). */
    public static Map<String, String> services() {
        return java.util.Collections.unmodifiableMap(SERVICES);
    }

    /** Whether a service is part of this build (its application class is on the class path). */
    static boolean present(String service) {
        try {
            Class.forName(SERVICES.get(service), false, LocalStack.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** System property: keep the state folder (Kafka Streams stores) after stopping, for inspection. */
    static final String KEEP_STATE = "postflight.keep-state";

    private final EmbeddedKafka kafka;
    private final LocalIntake intake;
    private final Map<String, ApplicationContext> contexts;
    private final Path stateDir;
    private final StopSignal stop;
    private boolean closed;

    private LocalStack(EmbeddedKafka kafka, LocalIntake intake, Map<String, ApplicationContext> contexts, Path stateDir,
                       StopSignal stop) {
        this.kafka = kafka;
        this.intake = intake;
        this.contexts = contexts;
        this.stateDir = stateDir;
        this.stop = stop;
    }

    /** The services' state folder, in the temporary directory; removed on close unless {@link #KEEP_STATE}. */
    Path stateDir() {
        return stateDir;
    }

    static boolean keepState() {
        return Boolean.getBoolean(KEEP_STATE);
    }

    /** Starts the broker, then every service, with {@code extra} environments and properties. */
    public static LocalStack start(String[] extraEnvironments, Map<String, Object> extraProperties) throws Exception {
        return start(extraEnvironments, extraProperties, null);
    }

    /**
     * As above, for a command a {@link StopSignal} may stop at any time, start-up included: whatever
     * closes (a failed start or {@link #close()}) first settles the signal, so a stop's interrupt
     * never cuts a close short.
     */
    static LocalStack start(String[] extraEnvironments, Map<String, Object> extraProperties, StopSignal stop)
            throws Exception {
        System.setProperty("logback.configurationFile", "logback-local.xml");
        if (stop != null) {
            // Stopped while the broker starts or stops, it logs the interrupt as fatal: that is the stop, not a fault.
            stop.beforeInterrupt(LocalStack::quietBroker);
        }
        Path state = Files.createTempDirectory("postflight-state");
        EmbeddedKafka kafka = null;
        Map<String, ApplicationContext> contexts = new LinkedHashMap<>();
        LocalIntake intake = new LocalIntake();
        try {
            kafka = EmbeddedKafka.start();
            for (String service : SERVICES.keySet().stream().filter(LocalStack::present).toList()) {
                Map<String, Object> props = new HashMap<>();
                props.put("postflight.kafka.bootstrap-servers", kafka.bootstrapServers());
                props.put("postflight.state-dir", state.resolve(service).toString());
                props.put("micronaut.application.name", "postflight-" + service);
                if ("gateway".equals(service)) {
                    props.putAll(intake.gatewayProperties());
                } else if ("verdict-api".equals(service)) {
                    props.putAll(intake.verdictApiProperties());
                }
                props.putAll(extraProperties);
                try {
                    contexts.put(service, startService(service, extraEnvironments, props));
                } catch (RuntimeException e) {
                    throw new IllegalStateException("service '" + service + "' did not start: " + e.getMessage(), e);
                }
            }
            return new LocalStack(kafka, intake, contexts, state, stop);
        } catch (Exception | Error e) {
            if (stop != null) {
                stop.settle();
            }
            try {
                closeAll(contexts, kafka, state);
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** One service in its own context, with its HTTP server (health, metrics) on a free port. */
    public static ApplicationContext startService(String service, String[] extraEnvironments,
                                                  Map<String, Object> properties) {
        String[] envs = concat(new String[] {service, "local"}, extraEnvironments);
        ApplicationContext ctx = ApplicationContext.builder(envs).properties(properties)
                .deduceEnvironment(false).start();
        ctx.findBean(EmbeddedServer.class).ifPresent(s -> {
            if (!s.isRunning()) {
                s.start();
            }
        });
        return ctx;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The gateway's HTTP intake: this run's secrets and a deployer token. */
    LocalIntake intake() {
        return intake;
    }

    /** Where and how to post deploy events over HTTP, when the gateway runs. */
    void describeIntake(PrintStream out) {
        Integer port = httpPorts().get("gateway");
        if (port != null) {
            intake.describe(out, port, java.time.Instant.now());
        }
        Integer api = httpPorts().get("verdict-api");
        if (api != null) {
            intake.describeVerdictApi(out, api);
        }
    }

    /** The running services' contexts, in start order. */
    Map<String, ApplicationContext> contexts() {
        return java.util.Collections.unmodifiableMap(contexts);
    }

    /** HTTP port of each running service (health at /health, metrics at /prometheus). */
    public Map<String, Integer> httpPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        contexts.forEach((name, ctx) -> ctx.findBean(EmbeddedServer.class)
                .ifPresent(s -> ports.put(name, s.getPort())));
        return ports;
    }

    static int runForever(PrintStream out) throws Exception {
        // SIGTERM / Ctrl-C: handled before the JVM shuts down, so this thread closes everything in order.
        StopSignal stop = StopSignal.install(Thread.currentThread());
        LocalStack started;
        try {
            started = start(new String[0], Map.of("postflight.http-port", -1), stop);
        } catch (Exception e) {
            if (!stop.received()) {
                throw e;
            }
            // Stopped while starting: what had started is closed and the state folder removed.
            out.println("Postflight stopped before it was ready.");
            return 0;
        }
        try (LocalStack stack = started) {
            out.println("Postflight is running.");
            out.println("  Kafka bootstrap servers: " + stack.bootstrapServers());
            stack.httpPorts().forEach((name, port) -> out.println("  " + name + ": http://localhost:" + port
                    + "/health  http://localhost:" + port + "/prometheus"));
            stack.describeIntake(out);
            out.println("  Or send deploy events to topic postflight.deploy-events; Ctrl-C stops.");
            stop.await();
            out.println("Postflight is stopping ...");
            stack.close();
            out.println(stoppedLine(stack));
        }
        return 0;
    }

    /** The stop line: says where the state folder is when it was kept. */
    static String stoppedLine(LocalStack stack) {
        return keepState() ? "Postflight stopped; state kept in " + stack.stateDir() + " (" + KEEP_STATE + ")."
                : "Postflight stopped.";
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (stop != null) {
            stop.settle();
        }
        closeAll(contexts, kafka, stateDir);
    }

    /** Silences the embedded broker's own loggers (it is being stopped: its complaints are expected). */
    private static void quietBroker() {
        for (String name : List.of("kafka", "org.apache.kafka", "state.change.logger")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name))
                    .setLevel(ch.qos.logback.classic.Level.OFF);
        }
    }

    /** Services first, intake first (Kafka Streams commits and closes cleanly), then the broker and the state. */
    private static void closeAll(Map<String, ApplicationContext> contexts, EmbeddedKafka kafka, Path stateDir) {
        try {
            List<ApplicationContext> reversed = new java.util.ArrayList<>(contexts.values());
            java.util.Collections.reverse(reversed);
            reversed.forEach(ApplicationContext::close);
        } finally {
            // The broker's test kit removes its log directory in a JVM shutdown hook of its own that
            // may run alongside ours; the broker's complaints about that say nothing about Postflight.
            quietBroker();
            try {
                if (kafka != null) {
                    kafka.close();
                }
            } finally {
                if (!keepState()) {
                    deleteQuietly(stateDir);
                }
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | RuntimeException e) {
            // A temp directory left behind is not worth failing a shutdown over.
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
