package io.postflight.benchmarks.load;

import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.kafka.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Evidence → decision: {@code N} verifications in flight in the decision engine as it ships, then
 * one phase result each at a steady rate; for each, the time from sending the phase result to its
 * decision being readable by a
 * {@code read_committed} consumer, as on-call's alerting and the CD tools read it.
 *
 * <pre>
 * java -cp deploy/local/target/postflight.jar:benchmarks/load/target/postflight-load-benchmarks-*.jar \
 *     io.postflight.benchmarks.load.DecisionLatencyBenchmark [in-flight] [results-per-second] [streams-settings]
 * </pre>
 */
public final class DecisionLatencyBenchmark {

    private DecisionLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int perSecond = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        // Optional: Kafka Streams settings other than the service's own, to weigh the choice (ADR 0017),
        // as name=value,name=value (e.g. commit.interval.ms=50,poll.ms=10).
        Map<String, Object> overrides = new java.util.HashMap<>();
        if (args.length > 2) {
            for (String kv : args[2].split(",")) {
                String[] parts = kv.split("=", 2);
                String key = parts[0].trim();
                // Postflight's own settings as they are (e.g. postflight.kafka.partitions=3), others are Streams'.
                overrides.put(key.startsWith("postflight.") ? key : "kafka.streams.default." + key, parts[1].trim());
            }
        }
        System.out.printf("decision latency: %d verifications in flight, then one HEALTH result each at %d/s;"
                + " %d cores%s%n", count, perSecond, Runtime.getRuntime().availableProcessors(),
                overrides.isEmpty() ? "" : "; streams " + args[2]);
        try (ServiceUnderLoad decision = ServiceUnderLoad.start("decision", overrides)) {
            System.out.printf("context start to streams running (warm JVM; process start: load.sh startup): %d ms%n",
                    decision.readyMillis());
            Map<String, Long> sentNanos = new ConcurrentHashMap<>();
            long[] latencies = new long[count];
            long[] toProcessing = new long[count];
            Map<String, Long> sentWallMillis = new ConcurrentHashMap<>();
            Instant now = Instant.now();
            try (KafkaProducer<String, byte[]> producer = decision.producer();
                 KafkaConsumer<String, byte[]> decisions = decision.readCommitted(Topics.DECISIONS.name())) {
                for (int i = 0; i < count; i++) {
                    VerificationStarted v = new VerificationStarted(null, deployment(i), DeployAction.DEPLOYED,
                            List.of(), List.of(Phase.HEALTH), now, event(i, now));
                    producer.send(new ProducerRecord<>(Topics.VERIFICATIONS.name(), v.deployment().slot(),
                            JsonSerde.toBytes(v)));
                }
                producer.flush();
                // Every verification registered before the first result (the engine reads both topics).
                Thread.sleep(3_000);
                decisions.poll(Duration.ofMillis(100));
                Thread writer = Thread.ofPlatform().name("results-writer").start(() -> writeResults(producer,
                        sentNanos, sentWallMillis, count, perSecond, now));
                int received = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(60L + count / Math.max(1, perSecond)).toNanos();
                while (received < count && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : decisions.poll(Duration.ofMillis(50))) {
                        long at = System.nanoTime();
                        String id = r.key().replace("/load", "");
                        Long sent = sentNanos.remove(id);
                        if (sent != null) {
                            // The decision's record time is the engine's clock when it decided (same host clock).
                            toProcessing[received] = (r.timestamp() - sentWallMillis.remove(id)) * 1_000_000L;
                            latencies[received++] = at - sent;
                        }
                    }
                }
                writer.join();
                print(Arrays.copyOf(latencies, received), Arrays.copyOf(toProcessing, received), count);
                printThreadMetrics(decision.context().getBean(KafkaStreams.class));
            }
        }
    }

    private static DeploymentRef deployment(int i) {
        return new DeploymentRef("dec-" + i, "svc-" + i, "load", "2.0." + i, null, "1.0");
    }

    private static EventRef event(int i, Instant at) {
        return new EventRef("ev-" + i, "/load", "dev.cdevents.service.deployed.0.2.0", at);
    }

    private static void writeResults(KafkaProducer<String, byte[]> producer, Map<String, Long> sentNanos,
                                     Map<String, Long> sentWallMillis, int count, int perSecond, Instant started) {
        long gapNanos = 1_000_000_000L / Math.max(1, perSecond);
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait); // not a spin: the engine needs the core
            }
            next += gapNanos;
            DeploymentRef d = deployment(i);
            PhaseResult r = new PhaseResult(PhaseResult.SCHEMA, d, Phase.HEALTH, PhaseOutcome.PASSED,
                    "every instance live and ready", List.of(), started, Instant.now(), event(i, started));
            // Counted from the send: an upper bound by the broker's acknowledgement (a millisecond or two here).
            sentWallMillis.put(d.service(), System.currentTimeMillis());
            sentNanos.put(d.service(), System.nanoTime());
            try {
                producer.send(new ProducerRecord<>(Topics.PHASE_RESULTS.name(), d.slot(), JsonSerde.toBytes(r))).get();
            } catch (Exception e) {
                throw new IllegalStateException("cannot write a phase result", e);
            }
        }
    }

    private static void print(long[] nanos, long[] toProcessing, int expected) {
        Arrays.sort(nanos);
        Arrays.sort(toProcessing);
        System.out.printf("decisions: %d of %d; evidence → decision readable: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms,"
                        + " max %.0f ms; of which evidence → decided (engine's clock, ms resolution): p50 %.0f ms,"
                        + " p99 %.0f ms%n", nanos.length, expected, ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99),
                nanos.length == 0 ? Double.NaN : nanos[nanos.length - 1] / 1e6, ms(toProcessing, 0.50),
                ms(toProcessing, 0.99));
    }

    /** Where the engine's stream thread spends its time: a commit blocks processing while it runs. */
    private static void printThreadMetrics(KafkaStreams streams) {
        Map<String, Double> m = new java.util.TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && name.name().matches(
                    "(commit|poll|process)-(latency-avg|latency-max|rate)") && metric.metricValue() instanceof Double d) {
                m.put(name.name(), d);
            }
        });
        System.out.printf("engine stream thread: commit avg %.1f ms, max %.1f ms, %.1f/s; poll avg %.1f ms;"
                        + " process avg %.2f ms%n", m.getOrDefault("commit-latency-avg", Double.NaN),
                m.getOrDefault("commit-latency-max", Double.NaN), m.getOrDefault("commit-rate", Double.NaN),
                m.getOrDefault("poll-latency-avg", Double.NaN), m.getOrDefault("process-latency-avg", Double.NaN));
    }

    private static double ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
