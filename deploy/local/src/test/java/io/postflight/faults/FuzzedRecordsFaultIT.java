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
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * 520 hostile records interleaved with valid deploy events on every partition: each hostile one
 * becomes exactly one dead letter, each valid one exactly one decision, and no partition stalls.
 */
class FuzzedRecordsFaultIT {
    private static final int FUZZED = 520;
    private static final int VALID_EVERY = 52;

    @Test
    void hostileRecordsAreDeadLetteredOnceAndTheValidOnesBesideThemAreDecided() throws Exception {
        try (FaultBench bench = new FaultBench(KafkaTestBroker.bootstrapServers(), "HEALTH")) {
            bench.startInProcess(List.of("gateway", "health", "decision"));
            String marker = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
            Random random = new Random(20261127L);
            Map<String, Integer> valid = new LinkedHashMap<>();
            Properties p = new Properties();
            p.put("bootstrap.servers", bench.kafka());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (int i = 0; i < FUZZED; i++) {
                    FuzzedRecords f = FuzzedRecords.next(random, i);
                    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topics.DEPLOY_EVENTS.name(), i % 3,
                            (marker + "-" + i).getBytes(StandardCharsets.UTF_8), f.value());
                    f.headers().forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
                    producer.send(r);
                    if (i % VALID_EVERY == 0) {
                        String service = bench.service("fuzz-valid", i);
                        valid.put(bench.deploy(service, "1.0", "0.9",
                                bench.instances(service, "1.0", Behaviour.HEALTHY, 1)), 1);
                    }
                }
                producer.flush();
            }
            long deadLetters;
            try (TopicReader reader = new TopicReader(bench.kafka(), Topics.DEAD_LETTER.name())) {
                try {
                    reader.until(rs -> ours(rs, marker) >= FUZZED, Duration.ofMinutes(3));
                } catch (AssertionError e) {
                    // the figures and the assertion below say how many
                }
                deadLetters = ours(reader.drain(Duration.ofSeconds(3)), marker);
            }
            FaultBench.Observed seen = FaultBench.decisions(bench.kafka(), valid, Duration.ofMinutes(3),
                    Duration.ofSeconds(5));
            long wrong = seen.decisions().values().stream()
                    .filter(ds -> ds.size() != 1 || ds.get(0).kind() != DecisionKind.PROMOTE).count();
            FaultFigures.measure(FUZZED + " fuzzed records among " + valid.size() + " valid events", valid.size(),
                    seen.total(), (int) wrong, -1, deadLetters).write();

            assertThat(deadLetters).as("one dead letter per hostile record").isEqualTo(FUZZED);
            seen.decisions().forEach((id, ds) -> assertThat(ds).as(id).extracting(Decision::kind)
                    .containsExactly(DecisionKind.PROMOTE));
        }
    }

    private static long ours(List<ConsumerRecord<String, byte[]>> rs, String marker) {
        return rs.stream().filter(r -> r.key() != null && r.key().startsWith(marker + "-"))
                .count();
    }
}
