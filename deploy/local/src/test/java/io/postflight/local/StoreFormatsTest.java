package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.ContractCompatibility;
import io.postflight.contracts.Json;
import io.postflight.kafka.JsonSerde;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
    public static final Map<String, String> STORES = Map.of(
            "intake-seen-deployments", "io.postflight.gateway.AcceptedDeployment",
            "health-verifications", "io.postflight.contracts.VerificationStarted",
            "health-rounds", "io.postflight.health.HealthRounds",
            "baseline-verifications", "io.postflight.baseline.BaselineVerification",
            "decision-slots", "io.postflight.decision.SlotState",
            "decision-overrides", "io.postflight.contracts.AuditRecord",
            "drift-watches", "io.postflight.drift.DriftWatch",
            "drift-samples", "io.postflight.metrics.ResourceSeries");

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
