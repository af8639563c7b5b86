package io.postflight.benchmarks.load;

import io.postflight.contracts.Topics;
import io.postflight.local.ScriptedCd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Gateway intake: {@code N} deploy events (CDEvents {@code service.deployed} in structured
 * CloudEvents, each with two instance URLs, every one a new slot) written at once, and the time
 * until every one is a verification readable ({@code read_committed}) on
 * {@code postflight.verifications}: decoded, checked, deduplicated by deployment id across the
 * repartition, targets resolved, written in the gateway's transactions. A first, untimed batch
 * warms the JVM.
 *
 * <pre>
 * benchmarks/load.sh gateway [events] [warm-up events]
 * </pre>
 */
public final class GatewayIngestBenchmark {

    private GatewayIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        System.out.printf("gateway intake: %d deploy events at once (after %d to warm up), structured CloudEvents;"
                + " %d cores%n", count, warmUp, Runtime.getRuntime().availableProcessors());
        try (ServiceUnderLoad gateway = ServiceUnderLoad.start("gateway", Map.of());
             KafkaProducer<byte[], byte[]> producer = producer(gateway.bootstrapServers());
             KafkaConsumer<String, byte[]> verifications = gateway.readCommitted(Topics.VERIFICATIONS.name())) {
            System.out.printf("context start to streams running (warm JVM; process start: load.sh startup): %d ms%n",
                    gateway.readyMillis());
            run(producer, verifications, "warm", warmUp);
            CpuClock cpu = new CpuClock();
            Run r = run(producer, verifications, "timed", count);
            double cores = cpu.coresSinceLast();
            System.out.printf("written in %.2f s (%.0f events/s offered); all %d verifications readable after %.2f s:"
                            + " %.0f deploy events/s through the gateway; gateway stream threads %.2f cores%n",
                    r.writtenSeconds(), count / r.writtenSeconds(), r.received(), r.seconds(),
                    r.received() / r.seconds(), cores);
            if (r.received() < count) {
                System.out.printf("MISSING: %d verifications did not arrive%n", count - r.received());
                System.exit(1);
            }
        }
    }

    private record Run(int received, double writtenSeconds, double seconds) {
    }

    private static Run run(KafkaProducer<byte[], byte[]> producer, KafkaConsumer<String, byte[]> verifications,
                           String batch, int count) throws Exception {
        String run = batch + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String service = "svc-" + run + "-" + i;
            records.add(ScriptedCd.announcement(UUID.randomUUID().toString(), service + "-2.0", service, "load",
                    "2.0", "1.0", Map.of("a", "http://127.0.0.1:1/" + i, "b", "http://127.0.0.1:2/" + i), true));
        }
        long t0 = System.nanoTime();
        for (ProducerRecord<byte[], byte[]> r : records) {
            producer.send(r);
        }
        producer.flush();
        double written = (System.nanoTime() - t0) / 1e9;
        Set<String> seen = new HashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120L + count / 100).toNanos();
        while (seen.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : verifications.poll(Duration.ofMillis(50))) {
                if (r.key().contains(run)) {
                    seen.add(r.key());
                }
            }
        }
        return new Run(seen.size(), written, (System.nanoTime() - t0) / 1e9);
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
