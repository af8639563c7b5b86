package io.postflight.benchmarks.load;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.ApplicationContext;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Phase;
import io.postflight.contracts.Target;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.kafka.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;

/**
 * How many verifications one health verifier holds on schedule: a real (in-JVM) broker, stub
 * targets on loopback, the health verifier as it ships, and {@code N} verifications written onto its
 * input topic, evenly over one probe interval ({@code spread}, the steady state of the profile: about
 * N / 60 probes a second) or all at once ({@code burst}: N first rounds due together, more than the
 * probe rate allows, so they start late by design of the load). Prints start to ready, intake, rounds started late, probes per second
 * and per core of verifier CPU, and the heap the verifications cost. With {@code instances} 2, a
 * second health verifier (same application id, same JVM) shares the partitions, and each one's
 * share of the verifications is printed.
 *
 * <pre>
 * java -cp deploy/local/target/postflight.jar:benchmarks/load/target/postflight-load-benchmarks-*.jar \
 *     io.postflight.benchmarks.load.HealthLoadBenchmark [verifications] [observe-seconds] [instances] [spread|burst]
 * </pre>
 */
public final class HealthLoadBenchmark {
    private static final Duration INTERVAL = Duration.ofSeconds(60);
    private static final Duration PHASE = Duration.ofMinutes(15);
    private static final int PASS_AFTER = 5;

    private HealthLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Duration observe = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 180);
        int instances = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        boolean burst = args.length > 3 && args[3].equals("burst");
        if (args.length > 3 && !burst && !args[3].equals("spread")) {
            throw new IllegalArgumentException("arrival: spread or burst, not " + args[3]);
        }
        System.out.printf("health load: %d verifications (1 instance each), probe interval %s, phase %s, pass after %d"
                + " healthy rounds; written %s; observed for %s; %d health verifier instance(s); %d cores, max heap %d MiB%n",
                count, INTERVAL, PHASE, PASS_AFTER, burst ? "at once" : "evenly over one probe interval", observe, instances, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        Map<String, Object> p = new HashMap<>();
        p.put("postflight.health.probe-interval", INTERVAL.toSeconds() + "s");
        p.put("postflight.health.phase-duration", PHASE.toMinutes() + "m");
        p.put("postflight.health.pass-after-consecutive-healthy", PASS_AFTER);
        try (StubTargets stub = StubTargets.start(4); ServiceUnderLoad health = ServiceUnderLoad.start("health", p)) {
            System.out.printf("context start to streams running (warm JVM; process start: load.sh startup): %d ms%n",
                    health.readyMillis());
            List<ApplicationContext> all = new java.util.ArrayList<>(List.of(health.context()));
            for (int i = 1; i < instances; i++) {
                all.add(health.startAnother("health", p));
            }
            awaitEachOwnsTasks(all);
            CpuClock cpu = new CpuClock();
            long heapIdle = CpuClock.heapAfterGc();
            long startedNanos = System.nanoTime();
            Duration arrival = burst ? Duration.ZERO : INTERVAL;
            Thread writer = Thread.ofPlatform().name("verifications-writer").start(() -> produce(health, stub, count,
                    arrival));
            List<MeterRegistry> registries = all.stream().map(c -> c.getBean(MeterRegistry.class)).toList();
            observe(registries, stub, cpu, observe, count, heapIdle, startedNanos, arrival);
            writer.join();
            for (int i = 0; i < all.size(); i++) {
                System.out.printf("instance %d: %d active tasks, %.0f verifications read, %.0f results%n", i + 1,
                        activeTasks(all.get(i)), consumed(registries.get(i)), results(registries.get(i)));
            }
        }
    }

    /** Every instance in the group with tasks of its own (the rebalance after the second one joined is over). */
    private static void awaitEachOwnsTasks(List<ApplicationContext> instances) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (instances.stream().anyMatch(c -> activeTasks(c) == 0
                || c.getBean(KafkaStreams.class).state() != KafkaStreams.State.RUNNING)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the instances did not share the tasks within 2 minutes");
            }
            Thread.sleep(200);
        }
    }

    private static int activeTasks(ApplicationContext instance) {
        return instance.getBean(KafkaStreams.class).metadataForLocalThreads().stream()
                .mapToInt(t -> t.activeTasks().size()).sum();
    }

    private static double consumed(MeterRegistry registry) {
        return registry.find("postflight.records.consumed").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** Writes {@code count} verifications evenly over {@code arrival} (at once when zero). */
    private static void produce(ServiceUnderLoad health, StubTargets stub, int count, Duration arrival) {
        long t0 = System.nanoTime();
        // In steps of 100 ms: each step's share written at once.
        int steps = (int) Math.max(1, arrival.toMillis() / 100);
        try (KafkaProducer<String, byte[]> producer = health.producer()) {
            for (int i = 0; i < count; i++) {
                int step = (int) ((long) i * steps / count);
                long stepAt = t0 + step * 100_000_000L;
                while (System.nanoTime() < stepAt) {
                    java.util.concurrent.locks.LockSupport.parkNanos(stepAt - System.nanoTime());
                }
                Instant now = Instant.now();
                DeploymentRef d = new DeploymentRef("load-" + i, "svc-" + i, "load", "2.0." + i, null, "1.0");
                VerificationStarted v = new VerificationStarted(null, d, DeployAction.DEPLOYED,
                        List.of(new Target("i" + i, stub.url(i))), List.of(Phase.HEALTH), now,
                        new EventRef("ev-" + i, "/load", "dev.cdevents.service.deployed.0.2.0", now));
                producer.send(new ProducerRecord<>(Topics.VERIFICATIONS.name(), d.slot(), JsonSerde.toBytes(v)));
            }
            producer.flush();
        }
        long took = System.nanoTime() - t0;
        System.out.printf("wrote %d verifications in %d ms%n", count, TimeUnit.NANOSECONDS.toMillis(took));
    }

    private static void observe(List<MeterRegistry> registries, StubTargets stub, CpuClock cpu, Duration observe, int count,
                                long heapIdle, long startedNanos, Duration arrival) throws InterruptedException {
        long end = System.nanoTime() + observe.toNanos();
        long lastRequests = stub.requests();
        double worstLateMs = 0;
        long lastAt = System.nanoTime();
        // Steady state: from one probe interval after the last arrival (intake done, rounds spread).
        long steadyFrom = startedNanos + arrival.toNanos() + INTERVAL.toNanos();
        double steadyCpu = -1;
        long steadyRequests = -1;
        long heapInFlight = -1;
        double inFlightAtHeap = 0;
        System.out.println("   t(s)  rounds  probes/s  late-p99(ms)  late-max(ms)  verifier-cpu(cores)  results  in-flight");
        while (System.nanoTime() < end) {
            Thread.sleep(10_000);
            long nowNanos = System.nanoTime();
            if (steadyRequests < 0 && nowNanos >= steadyFrom) {
                steadyCpu = cpu.verifierSecondsTotal();
                steadyRequests = stub.requests();
                // The heap while every verification is held (a full collection: this round starts a little late).
                heapInFlight = CpuClock.heapAfterGc();
                inFlightAtHeap = count - results(registries);
            }
            List<Timer> lates = registries.stream().map(r -> r.find("postflight.health.round.lateness").timer())
                    .filter(java.util.Objects::nonNull).toList();
            // Over the instances: the worse p99 and max, the rounds summed.
            double p99 = lates.stream().mapToDouble(t -> percentile(t, 0.99)).max().orElse(0);
            double max = lates.stream().mapToDouble(t -> t.max(TimeUnit.MILLISECONDS)).max().orElse(0);
            long rounds = lates.stream().mapToLong(Timer::count).sum();
            worstLateMs = Math.max(worstLateMs, max);
            long requests = stub.requests();
            double probesPerSecond = (requests - lastRequests) / 2.0 / ((nowNanos - lastAt) / 1e9);
            double results = results(registries);
            System.out.printf("%7d %7d %9.0f %13.0f %13.0f %20.2f %8.0f %10.0f%n",
                    TimeUnit.NANOSECONDS.toSeconds(nowNanos - startedNanos), rounds,
                    probesPerSecond, p99, max, cpu.coresSinceLast(), results, count - results);
            lastRequests = requests;
            lastAt = nowNanos;
        }
        long heapLoaded = CpuClock.heapAfterGc();
        String steady = steadyRequests < 0 ? "n/a (observe longer than one probe interval)"
                : String.format("%.0f", (stub.requests() - steadyRequests) / 2.0
                        / Math.max(cpu.verifierSecondsTotal() - steadyCpu, 1e-9));
        System.out.printf("summary: %d verifications; %.0f probes (live + ready); worst round start %.0f ms after due;"
                        + " probes per second of verifier CPU from one interval after the last write: %s; heap after GC (whole JVM:"
                        + " broker, stubs and verifier) %d MiB before the verifications, %s with %.0f in flight,"
                        + " %d MiB at the end%n",
                count, stub.requests() / 2.0, worstLateMs, steady, heapIdle >> 20,
                heapInFlight < 0 ? "n/a" : (heapInFlight >> 20) + " MiB", inFlightAtHeap, heapLoaded >> 20);
        System.out.println("results by outcome: " + byTag(registries, "postflight.phase.results", "outcome")
                + "; probes by outcome: " + byTag(registries, "postflight.probe.latency", "outcome"));
    }

    private static double percentile(Timer timer, double p) {
        for (var v : timer.takeSnapshot().percentileValues()) {
            if (v.percentile() == p) {
                return v.value(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    private static java.util.Map<String, Long> byTag(List<MeterRegistry> registries, String meter, String tag) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        registries.forEach(registry -> registry.find(meter).meters().forEach(m -> {
            long n = m instanceof io.micrometer.core.instrument.Counter c ? (long) c.count()
                    : m instanceof Timer t ? t.count() : 0;
            counts.merge(String.valueOf(m.getId().getTag(tag)), n, Long::sum);
        }));
        return counts;
    }

    private static double results(List<MeterRegistry> registries) {
        return registries.stream().mapToDouble(HealthLoadBenchmark::results).sum();
    }

    private static double results(MeterRegistry registry) {
        return registry.find("postflight.phase.results").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
