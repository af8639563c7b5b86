package io.postflight.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.Topics;
import io.postflight.local.DemoTarget.Behaviour;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A record just under the broker's 1 MiB limit and a 2 MiB one sent gzip-compressed, on every
 * partition of the intake, each followed by valid deploy events on the same partition: each large
 * record is one OVERSIZED dead letter (its payload replaced by a reference), and every event behind
 * it is still verified (no partition wedged).
 */
class LargeRecordsFaultIT {

    @Test
    void largeAndCompressedRecordsAreDeadLetteredOnceAndWedgeNoPartition() throws Exception {
        try (FaultBench bench = new FaultBench(KafkaTestBroker.bootstrapServers(), "HEALTH")) {
            bench.startInProcess(List.of("gateway", "health", "decision"));
            String marker = "large-" + UUID.randomUUID().toString().substring(0, 8);
            Properties p = new Properties();
            p.put("bootstrap.servers", bench.kafka());
            p.put("max.request.size", 4 * 1024 * 1024);
            p.put("compression.type", "gzip");
            int sent = 0;
            Map<String, Integer> valid = new LinkedHashMap<>();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (int partition = 0; partition < Topics.DEPLOY_EVENTS.partitions(); partition++) {
                    for (int size : new int[] {1_040_000, 2 * 1024 * 1024}) {
                        String body = "{\"schema\":\"postflight.deploy/1\",\"pad\":\"" + "x".repeat(size) + "\"}";
                        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topics.DEPLOY_EVENTS.name(), partition,
                                (marker + "-" + sent++).getBytes(StandardCharsets.UTF_8),
                                body.getBytes(StandardCharsets.UTF_8));
                        r.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
                        producer.send(r).get();
                    }
                }
            }
            for (int i = 0; i < 6; i++) {
                String s = bench.service("behind-large", i);
                valid.put(bench.deploy(s, "1.0", "0.9", bench.instances(s, "1.0", Behaviour.HEALTHY, 1)), 1);
            }
            FaultBench.Observed seen = FaultBench.decisions(bench.kafka(), valid, Duration.ofMinutes(3),
                    Duration.ofSeconds(5));
            long dead;
            try (TopicReader reader = new TopicReader(bench.kafka(), Topics.DEAD_LETTER.name())) {
                dead = reader.drain(Duration.ofSeconds(5)).stream()
                        .filter(r -> r.key() != null && r.key().startsWith(marker)).count();
            }
            long wrong = seen.decisions().values().stream()
                    .filter(ds -> ds.size() != 1 || ds.get(0).kind() != DecisionKind.PROMOTE).count();
            FaultFigures.measure("1 MiB and compressed 2 MiB records", valid.size(), seen.total(), (int) wrong, -1,
                    dead).write();

            assertThat(dead).as("one dead letter per large record").isEqualTo(sent);
            seen.decisions().forEach((id, ds) -> assertThat(ds).as(id).extracting(Decision::kind)
                    .containsExactly(DecisionKind.PROMOTE));
        }
    }
}
