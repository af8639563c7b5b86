package io.postflight.faults;

import io.postflight.contracts.Json;
import io.postflight.local.DemoTarget;
import io.postflight.local.DemoTarget.Behaviour;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.testing.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: the tool that captures the golden store entries {@code StoreFormatsTest} reads. It
 * runs every service on a real broker through a deployment's health, baseline and drift phases,
 * reads each store's changelog while the drift phase runs, and writes up to two entries per store
 * under {@code src/test/resources/golden-stores/<store>/} where none exist yet. Run it once per
 * release whose store formats changed:
 * {@code ./mvnw -pl deploy/local -am verify -Dit.test=GoldenStoresCapture -Dgolden.capture=true}
 * (failsafe runs it by this name only when asked).
 */
@EnabledIfSystemProperty(named = "golden.capture", matches = "true")
class GoldenStoresCapture {

    @Test
    void captureTheStoresOfARun() throws Exception {
        try (FaultBench bench = new FaultBench(KafkaTestBroker.bootstrapServers(), "HEALTH,BASELINE,DRIFT")) {
            String service = bench.service("golden", 0);
            List<DemoTarget> serving = bench.instances(service, "1.0", Behaviour.HEALTHY, 1);
            List<DemoTarget> candidate = bench.instances(service, "2.0", Behaviour.HEALTHY, 1);
            bench.serving(service, serving).startInProcess(List.of("decision", "health", "baseline", "drift",
                    "gateway"));
            String id = bench.deploy(service, "2.0", "1.0", candidate);
            FaultBench.awaitRecord(bench.kafka(), io.postflight.contracts.Topics.DECISIONS.name(), id,
                    Duration.ofMinutes(5));
            Thread.sleep(10_000); // a few drift samples and rounds in the changelogs

            Map<String, List<byte[]>> byStore = new LinkedHashMap<>();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bench.kafka()))) {
                List<String> changelogs = admin.listTopics().names().get().stream()
                        .filter(t -> t.endsWith("-changelog") && t.startsWith("faults-")).toList();
                for (String store : io.postflight.local.StoreFormatsTest.STORES.keySet()) {
                    changelogs.stream().filter(t -> t.endsWith("-" + store + "-changelog")
                            && t.contains(bench.applicationId(owner(store)))).forEach(topic -> {
                                try (TopicReader reader = new TopicReader(bench.kafka(), topic)) {
                                    List<byte[]> values = reader.drain(Duration.ofSeconds(5)).stream()
                                            .map(ConsumerRecord::value)
                                            .filter(v -> v != null && v.length > 0 && v[0] == '{').toList();
                                    byStore.put(store, values.subList(Math.max(0, values.size() - 2), values.size()));
                                }
                            });
                }
            }
            for (Map.Entry<String, List<byte[]>> e : byStore.entrySet()) {
                Path dir = Path.of("src/test/resources/golden-stores", e.getKey());
                if (Files.isDirectory(dir) || e.getValue().isEmpty()) {
                    continue;
                }
                Files.createDirectories(dir);
                int n = 1;
                for (byte[] value : e.getValue()) {
                    Object tree = Json.MAPPER.readTree(value);
                    Files.writeString(dir.resolve(String.format("%02d.json", n++)),
                            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n");
                }
            }
        }
    }

    private static String owner(String store) {
        return switch (store) {
            case "intake-seen-deployments" -> "gateway";
            case "health-verifications", "health-rounds" -> "health";
            case "baseline-verifications" -> "baseline";
            case "decision-slots" -> "decision";
            default -> "drift";
        };
    }
}
