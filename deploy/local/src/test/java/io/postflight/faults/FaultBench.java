package io.postflight.faults;

import io.micronaut.context.ApplicationContext;
import io.postflight.contracts.Decision;
import io.postflight.contracts.Json;
import io.postflight.contracts.Topics;
import io.postflight.local.ChildJvm;
import io.postflight.local.DemoTarget;
import io.postflight.local.DemoTarget.Behaviour;
import io.postflight.local.LocalStack;
import io.postflight.local.ScriptedCd;
import io.postflight.testing.PrometheusServer;
import io.postflight.testing.PrometheusServer.ScrapeJob;
import io.postflight.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Postflight for one fault: every service with the demo's shortened phases (environment "demo"),
 * each with its own application ids so fault tests sharing a broker never see each other's state,
 * in this JVM or, for the service under attack, as a child JVM that can be killed with SIGKILL.
 */
final class FaultBench implements AutoCloseable {
    static final String ENVIRONMENT = "faults";
    private static final List<String> ALL = List.of("decision", "health", "baseline", "drift", "gateway");

    private final String kafka;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Path work;
    private final Map<String, Object> common = new HashMap<>();
    private final Map<String, ApplicationContext> inProcess = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> inProcessProperties = new HashMap<>();
    private final List<ChildJvm> children = new ArrayList<>();
    private final List<AutoCloseable> targets = new ArrayList<>();
    private final ScriptedCd cd;
    private int scrapeTargets;

    FaultBench(String kafka, String phases) throws Exception {
        this.kafka = kafka;
        this.work = Files.createTempDirectory("faults-" + run);
        common.put("postflight.kafka.bootstrap-servers", kafka);
        common.put("micronaut.server.port", -1);
        common.put("postflight.http-port", -1);
        common.put("postflight.gateway.phases", phases);
        for (String s : ALL) {
            common.put("postflight.streams." + s + ".application-id", applicationId(s));
        }
        // Quick failover after a SIGKILL: the dead member leaves the group, its transaction aborts.
        common.put("kafka.streams.default.session.timeout.ms", "6000");
        common.put("kafka.streams.default.heartbeat.interval.ms", "1000");
        common.put("kafka.streams.default.transaction.timeout.ms", "10000");
        this.cd = new ScriptedCd(kafka);
    }

    /** Sets a property of every service started from now on. */
    FaultBench with(String key, Object value) {
        common.put(key, value);
        return this;
    }

    /** Lets the baseline and drift verifiers scrape the serving (previous) version of {@code service}. */
    FaultBench serving(String service, List<DemoTarget> instances) {
        for (String phase : List.of("baseline", "drift")) {
            String key = "postflight." + phase + ".metrics.scrape.targets[" + scrapeTargets + "].";
            common.put(key + "service", service);
            common.put(key + "environment", ENVIRONMENT);
            common.put(key + "version", instances.get(0).version());
            common.put(key + "urls", instances.stream().map(DemoTarget::metricsUrl).toList());
        }
        scrapeTargets++;
        return this;
    }

    /** Starts {@code services} in this JVM. */
    FaultBench startInProcess(Collection<String> services) throws Exception {
        for (String s : ALL.stream().filter(services::contains).toList()) {
            Map<String, Object> own = new HashMap<>(common);
            own.put("postflight.state-dir", Files.createTempDirectory(work, s).toString());
            inProcessProperties.put(s, own);
            inProcess.put(s, LocalStack.startService(s, new String[] {"demo"}, own));
        }
        return this;
    }

    /**
     * Every in-process service loses its volume: each is stopped, its state folder deleted and made
     * again empty, and it is started anew on that folder, as a pod rescheduled on a fresh disk.
     */
    FaultBench loseEveryVolume() throws Exception {
        List<String> running = new ArrayList<>(inProcess.keySet());
        java.util.Collections.reverse(running);
        for (String s : running) {
            inProcess.remove(s).close();
        }
        for (String s : running) {
            Path state = Path.of((String) inProcessProperties.get(s).get("postflight.state-dir"));
            try (java.util.stream.Stream<Path> files = Files.walk(state)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            if (Files.exists(state)) {
                throw new IllegalStateException("state folder of " + s + " not deleted: " + state);
            }
            Files.createDirectories(state);
        }
        java.util.Collections.reverse(running);
        for (String s : running) {
            inProcess.put(s, LocalStack.startService(s, new String[] {"demo"}, inProcessProperties.get(s)));
        }
        return this;
    }

    /** Every service but {@code except}, in this JVM. */
    FaultBench startAllBut(String except) throws Exception {
        return startInProcess(ALL.stream().filter(s -> !s.equals(except)).toList());
    }

    /** Starts {@code service} as a child JVM with a fresh state folder (a new machine, as after a crash). */
    ChildJvm startChild(String service) throws Exception {
        List<String> options = new ArrayList<>();
        common.forEach((k, v) -> options.add("-D" + k + "=" + (v instanceof List<?> l ? String.join(",",
                l.stream().map(String::valueOf).toList()) : v)));
        options.add("-Dpostflight.state-dir=" + Files.createTempDirectory(work, service + "-child"));
        options.add("-Dmicronaut.environments=local,demo");
        ChildJvm jvm = ChildJvm.start(mainClass(service), List.of(), options, Map.of(),
                work.resolve(service + "-jvm-" + children.size()));
        children.add(jvm);
        return jvm;
    }

    private static String mainClass(String service) {
        String main = LocalStack.services().get(service);
        if (main == null) {
            throw new IllegalArgumentException(service);
        }
        return main;
    }

    /** The Kafka Streams application id (consumer group) {@code service} runs under in this bench. */
    String applicationId(String service) {
        return "faults-" + service + "-" + run;
    }

    ApplicationContext service(String name) {
        return inProcess.get(name);
    }

    List<DemoTarget> instances(String prefix, String version, Behaviour b, int n) throws Exception {
        List<DemoTarget> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            DemoTarget t = new DemoTarget(prefix + "-" + version + "-" + i + "-" + run, version, b);
            targets.add(t);
            list.add(t);
        }
        return list;
    }

    /**
     * Lets the baseline verifier read a real Prometheus that scrapes {@code instances} (of
     * {@code service}), as in production: what it scraped outlives a restart of the verifier, so the
     * baseline window is complete however long a service was down. The baseline phase and its
     * requests get room for a restart (a new JVM, a rebalance) on a busy machine: a freshly started
     * JVM's first queries are slow, and the demo's 1 s limit with 5 failed 2 s looks would end the
     * phase in 10 s.
     */
    FaultBench baselineFromPrometheus(String service, List<DemoTarget> instances) throws Exception {
        List<String> hostPorts = instances.stream().map(t -> t.url().substring("http://".length())).toList();
        PrometheusServer prometheus = own(PrometheusServer.start(Duration.ofSeconds(1),
                List.of(new ScrapeJob(service, hostPorts, Map.of("service", service, "env", ENVIRONMENT)))));
        prometheus.awaitTargetsUp(instances.size(), Duration.ofMinutes(1));
        return with("postflight.baseline.metrics.provider", "prometheus")
                .with("postflight.baseline.metrics.prometheus.url", prometheus.url().toString())
                .with("postflight.baseline.step", "4s")
                .with("postflight.baseline.data-delay", "2s")
                .with("postflight.baseline.phase-end", "150s")
                .with("postflight.baseline.metrics.timeout", "10s")
                .with("postflight.baseline.metrics.attempts", 3)
                .with("postflight.baseline.max-failed-looks", 15);
    }

    /** Keeps {@code resource} open for the test and closes it with the bench. */
    <T extends AutoCloseable> T own(T resource) {
        targets.add(resource);
        return resource;
    }

    String service(String name, int i) {
        return name + "-" + i + "-" + run;
    }

    String deploy(String service, String version, String previous, List<DemoTarget> instances) throws Exception {
        return cd.deployed(service, ENVIRONMENT, version, previous, instances, true);
    }

    String deployAt(String service, String version, String previous, Map<String, String> urls) throws Exception {
        return cd.deployedAt(service, ENVIRONMENT, version, previous, urls, true);
    }

    String kafka() {
        return kafka;
    }

    /** What the decision topic showed for a fault's deployments, and how long until it was complete. */
    record Observed(Map<String, List<Decision>> decisions, double secondsToComplete) {
        int total() {
            return decisions.values().stream().mapToInt(List::size).sum();
        }
    }

    /**
     * The decisions of {@code expected}'s deployments, once each has at least as many as expected and
     * then {@code quiet} passed with the topic read on, so a duplicate would show up.
     */
    static Observed decisions(String kafka, Map<String, Integer> expected, Duration timeout, Duration quiet) {
        long start = System.nanoTime();
        double complete = -1;
        try (TopicReader reader = new TopicReader(kafka, Topics.DECISIONS.name())) {
            try {
                reader.until(rs -> expected.entrySet().stream()
                        .allMatch(e -> count(rs, e.getKey()) >= e.getValue()), timeout);
                complete = (System.nanoTime() - start) / 1e9;
            } catch (AssertionError timedOut) {
                // Fall through: the caller's assertions name what is missing.
            }
            List<ConsumerRecord<String, byte[]>> all = reader.drain(quiet);
            Map<String, List<Decision>> byId = new LinkedHashMap<>();
            expected.keySet().forEach(id -> byId.put(id, all.stream().filter(r -> mentions(r, id))
                    .map(FaultBench::decision).toList()));
            return new Observed(byId, complete);
        }
    }

    /** Waits until {@code topic} holds a record about {@code deploymentId}. */
    static void awaitRecord(String kafka, String topic, String deploymentId, Duration timeout) {
        try (TopicReader reader = new TopicReader(kafka, topic)) {
            reader.until(rs -> count(rs, deploymentId) > 0, timeout);
        }
    }

    private static long count(List<ConsumerRecord<String, byte[]>> rs, String id) {
        return rs.stream().filter(r -> mentions(r, id)).count();
    }

    static boolean mentions(ConsumerRecord<String, byte[]> r, String deploymentId) {
        return r.value() != null
                && new String(r.value(), StandardCharsets.UTF_8).contains("\"deploymentId\":\"" + deploymentId + "\"");
    }

    private static Decision decision(ConsumerRecord<String, byte[]> r) {
        try {
            return Json.MAPPER.readValue(r.value(), Decision.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        children.forEach(ChildJvm::close);
        cd.close();
        List<ApplicationContext> reversed = new ArrayList<>(inProcess.values());
        java.util.Collections.reverse(reversed);
        reversed.forEach(ApplicationContext::close);
        for (AutoCloseable t : targets) {
            try {
                t.close();
            } catch (Exception e) {
                // a target that cannot close does not fail the fault
            }
        }
    }
}
