package io.postflight.local;

import io.postflight.contracts.Decision;
import io.postflight.contracts.Evidence;
import io.postflight.contracts.Json;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows Postflight's topics as an outside subscriber would (read-committed) and tells the story
 * on the terminal: verifications starting, phases ending, decisions with their reasons.
 */
final class Narrator implements AutoCloseable {
    private final PrintStream out;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final long t0 = System.nanoTime();
    private final Map<String, List<Decision>> decisions = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    Narrator(String bootstrapServers, PrintStream out) {
        this.out = out;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "postflight-demo-narrator");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.VERIFICATIONS.name(), Topics.PHASE_RESULTS.name(),
                Topics.DECISIONS.name(), Topics.DEAD_LETTER.name()));
        thread = new Thread(this::loop, "demo-narrator");
        thread.setDaemon(true);
        thread.start();
    }

    void say(String line) {
        out.printf("[%6.1fs] %s%n", (System.nanoTime() - t0) / 1e9, line);
    }

    /** Decisions published for a deployment so far. */
    List<Decision> decisionsFor(String deploymentId) {
        return decisions.getOrDefault(deploymentId, List.of());
    }

    /** Waits until {@code count} decisions exist for the deployment, or the timeout passes. */
    List<Decision> awaitDecisions(String deploymentId, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (decisionsFor(deploymentId).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return decisionsFor(deploymentId);
    }

    private void loop() {
        while (running) {
            try {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    tell(r);
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                return;
            } catch (Exception e) {
                say("narrator could not read a record: " + e.getMessage());
            }
        }
    }

    private void tell(ConsumerRecord<String, byte[]> r) throws Exception {
        String topic = r.topic();
        if (topic.equals(Topics.VERIFICATIONS.name())) {
            VerificationStarted v = Json.MAPPER.readValue(r.value(), VerificationStarted.class);
            say("VERIFY   " + name(v.deployment().service(), v.deployment().version()) + " started: phases "
                    + v.phases() + ", " + v.targets().size() + " instance(s)");
        } else if (topic.equals(Topics.PHASE_RESULTS.name())) {
            PhaseResult p = Json.MAPPER.readValue(r.value(), PhaseResult.class);
            say("PHASE    " + name(p.deployment().service(), p.deployment().version()) + " " + p.phase() + " "
                    + p.outcome() + ": " + p.summary());
        } else if (topic.equals(Topics.DECISIONS.name())) {
            Decision d = Json.MAPPER.readValue(r.value(), Decision.class);
            decisions.computeIfAbsent(d.deployment().deploymentId(), k -> new CopyOnWriteArrayList<>()).add(d);
            say("DECISION " + d.kind() + (d.postPromotion() ? " (after promotion)" : "") + " for "
                    + name(d.deployment().service(), d.deployment().version()));
            d.reasons().forEach(reason -> say("           because " + reason));
            d.evidence().stream().filter(Evidence::breached).limit(4)
                    .forEach(e -> say("           evidence " + e.check() + ": " + e.summary()));
        } else {
            String reason = r.headers().lastHeader(Topics.DLQ_REASON) == null ? "?"
                    : new String(r.headers().lastHeader(Topics.DLQ_REASON).value());
            say("DEAD-LETTER a record was rejected: " + reason);
        }
    }

    private static String name(String service, String version) {
        return service + " " + version;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(2));
    }
}
