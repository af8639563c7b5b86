package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.ContractCompatibility;
import io.postflight.contracts.Json;
import io.postflight.kafka.JsonSerde;
import java.nio.file.Files;
import java.nio.file.Path;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postflight.baseline.BaselinePhaseProcessor;
import io.postflight.decision.DecisionProcessor;
import io.postflight.discovery.DiscoveryProcessor;
import io.postflight.drift.DriftPhaseProcessor;
import io.postflight.gateway.GatewayTopology;
import io.postflight.health.HealthPhaseProcessor;
import io.postflight.kafka.PhaseTopology;
import io.postflight.kafka.RecordMetrics;
import io.postflight.verdict.stream.VerdictApiTopology;
import io.postflight.verdict.stream.VerdictFeed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * The services' state stores across releases: a store entry written by a released version (the
 * golden entries under {@code src/test/resources/golden-stores/<store>/}, captured from the
 * changelogs of a real run by {@code GoldenStoresCapture}) is read by this code with every value
 * it had. A Postflight upgrade restores each service's state from changelogs written by the
 * previous release; a rollback of Postflight reads what the new one wrote, which works as long
 * as new fields are only added (unknown fields are ignored by {@link Json}).
 */
public class StoreFormatsTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden-stores");

    /** Each store of the services and the type of its values, by name (the types are the services' own). */
    public static final Map<String, String> STORES = Map.ofEntries(
            Map.entry("intake-seen-deployments", "io.postflight.gateway.AcceptedDeployment"),
            Map.entry("health-verifications", "io.postflight.contracts.VerificationStarted"),
            Map.entry("health-rounds", "io.postflight.health.HealthRounds"),
            Map.entry("health-targets", "io.postflight.contracts.TargetsChanged"),
            Map.entry("baseline-verifications", "io.postflight.baseline.BaselineVerification"),
            Map.entry("decision-slots", "io.postflight.decision.SlotState"),
            Map.entry("decision-overrides", "io.postflight.contracts.AuditRecord"),
            Map.entry("drift-watches", "io.postflight.drift.DriftWatch"),
            Map.entry("drift-samples", "io.postflight.metrics.ResourceSeries"),
            Map.entry("discovery-watches", "io.postflight.discovery.DiscoveryWatch"),
            Map.entry("verdict-api-histories", "io.postflight.verdict.history.DeploymentHistory"),
            Map.entry("verdict-api-slots", "io.postflight.verdict.stream.SlotLatest"),
            // The global store holds the histories topic's values as they are: the same JSON.
            Map.entry("verdict-api-view", "io.postflight.verdict.history.DeploymentHistory"),
            // The release gate's approvals and exceptions, as their topic holds them.
            Map.entry("verdict-api-gate-records", "io.postflight.verdict.release.GateRecord"));

    /**
     * The list above is every store the services' topologies declare, read from the topologies
     * themselves (built as the services build them, processors aside), so that a new store cannot
     * be left without golden entries.
     */
    @Test
    void theStoresCheckedAreEveryStoreOfEveryService() {
        Set<String> declared = new TreeSet<>();
        for (PhaseTopology phase : List.of(HealthPhaseProcessor.topology(), BaselinePhaseProcessor.topology(),
                DriftPhaseProcessor.topology(), DecisionProcessor.topology(), DiscoveryProcessor.topology())) {
            StreamsBuilder builder = new StreamsBuilder();
            phase.build(builder, StoreFormatsTest::noop);
            declared.addAll(stores(builder));
        }
        StreamsBuilder gateway = new StreamsBuilder();
        GatewayTopology.build(gateway, StoreFormatsTest::noop, StoreFormatsTest::noop);
        declared.addAll(stores(gateway));
        StreamsBuilder verdictApi = new StreamsBuilder();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        VerdictApiTopology.build(verdictApi, Duration.ofDays(30), new RecordMetrics(registry), new VerdictFeed(8, registry));
        declared.addAll(stores(verdictApi));

        assertThat(declared).as("stores the topologies declare").hasSizeGreaterThanOrEqualTo(12);
        assertThat(STORES.keySet()).as("stores with golden entries").containsExactlyInAnyOrderElementsOf(declared);
    }

    /** A processor that does nothing, a new one each time (Kafka Streams checks that). */
    private static <K, V, KO, VO> Processor<K, V, KO, VO> noop() {
        return new Processor<>() {
            @Override
            public void process(Record<K, V> record) {
            }
        };
    }

    private static Set<String> stores(StreamsBuilder builder) {
        TopologyDescription description = builder.build().describe();
        Set<String> names = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor p) {
                    names.addAll(p.stores());
                }
            }
        }
        for (TopologyDescription.GlobalStore global : description.globalStores()) {
            names.addAll(global.processor().stores());
        }
        return names;
    }

    @Test
    void everyStoreHasGoldenEntries() throws Exception {
        for (String store : STORES.keySet()) {
            assertThat(files(store)).as("golden entries of the store %s", store).isNotEmpty();
        }
    }

    @Test
    void everyGoldenStoreEntryIsReadWithEveryValueItHad() throws Exception {
        for (Map.Entry<String, String> store : STORES.entrySet()) {
            JsonSerde<?> serde = JsonSerde.of(Class.forName(store.getValue()));
            for (Path file : files(store.getKey())) {
                byte[] golden = Files.readAllBytes(file);
                Object read = serde.deserializer().deserialize(store.getKey() + "-changelog", golden);
                JsonNode written = Json.MAPPER.readTree(serde.serializer().serialize("t", cast(read)));

                assertThat(read).as(file.toString()).isNotNull();
                assertThat(ContractCompatibility.missingOrChanged(Json.MAPPER.readTree(golden), written))
                        .as("%s: values lost or changed", file).isEmpty();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    static List<Path> files(String store) throws Exception {
        Path dir = GOLDEN.resolve(store);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }
}
