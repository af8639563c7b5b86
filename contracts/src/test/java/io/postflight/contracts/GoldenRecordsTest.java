package io.postflight.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postflight.contracts.intake.ContractSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Compatibility across Postflight releases, enforced on committed <em>golden records</em>: JSON
 * written by each released schema version, under {@code src/test/resources/golden/<name>_<major>/}.
 * They are never edited; a new version adds a folder (the rules: contracts/README.md).
 *
 * <ul>
 *   <li>Backward: this code reads every golden record of every version (a version it no longer
 *       reads fails here), and what it reads keeps every value the record had.</li>
 *   <li>Forward: writing what it read back gives every field of the golden record, same name,
 *       same value, plus possibly new optional ones. The previous release's code ignores unknown
 *       fields ({@link Json}), so it reads this code's records of the same version as it read its
 *       own. A change of meaning takes a new major version, which the previous code refuses as a
 *       dead letter instead of misreading it.</li>
 * </ul>
 *
 * Run with {@code -Dgolden.write=true} to write the golden records of a schema version that has
 * none yet (from {@link RecordSchemasTest#examples()}); commit them with the release.
 */
class GoldenRecordsTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    /** Each contract record family: its current schema, its class and its JSON Schema file. */
    record Family(String current, Class<?> type, String schemaFile) {
    }

    static final Map<String, Family> FAMILIES = Map.of(
            "postflight.deploy-event", new Family(DeployEvent.SCHEMA, DeployEvent.class, ContractSchemas.DEPLOY_EVENT),
            "postflight.verification-started", new Family(VerificationStarted.SCHEMA, VerificationStarted.class,
                    ContractSchemas.VERIFICATION_STARTED),
            "postflight.targets-changed", new Family(TargetsChanged.SCHEMA, TargetsChanged.class,
                    ContractSchemas.TARGETS_CHANGED),
            "postflight.phase-result", new Family(PhaseResult.SCHEMA, PhaseResult.class, ContractSchemas.PHASE_RESULT),
            "postflight.decision", new Family(Decision.SCHEMA, Decision.class, ContractSchemas.DECISION),
            "postflight.verdict", new Family(Verdict.SCHEMA, Verdict.class, ContractSchemas.VERDICT),
            "postflight.alert", new Family(Alert.SCHEMA, Alert.class, ContractSchemas.ALERT),
            "postflight.override", new Family(OverrideCommand.SCHEMA, OverrideCommand.class, ContractSchemas.OVERRIDE),
            "postflight.audit", new Family(AuditRecord.SCHEMA, AuditRecord.class, ContractSchemas.AUDIT));

    @Test
    void everyCurrentSchemaVersionHasGoldenRecords() throws IOException {
        if (Boolean.getBoolean("golden.write")) {
            writeMissing();
        }
        for (Family f : FAMILIES.values()) {
            assertThat(goldenFiles(f.current())).as("golden records of %s (write them with -Dgolden.write=true)",
                    f.current()).isNotEmpty();
        }
    }

    @Test
    void everyGoldenRecordOfEveryVersionIsReadWithEveryValueItHad() throws IOException {
        List<Path> all = allGoldenFiles();
        assertThat(all).hasSizeGreaterThanOrEqualTo(FAMILIES.size());
        for (Path file : all) {
            JsonNode golden = Json.MAPPER.readTree(file.toFile());
            String schema = golden.get("schema").textValue();
            Family family = FAMILIES.get(schema.substring(0, schema.indexOf('/')));
            assertThat(family).as("%s: a record family this code does not know", file).isNotNull();
            assertThat(ContractVersions.readsAs(schema, family.current()))
                    .as("%s: %s is no longer read by this code (current %s)", file, schema, family.current()).isTrue();

            Object read = Json.MAPPER.treeToValue(golden, family.type());
            if (read instanceof Checked<?> checked) {
                read = checked.checked();
            }
            JsonNode written = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(read));

            assertThat(ContractSchemas.violations(family.schemaFile(), written)).as("%s as written now", file).isEmpty();
            assertThat(ContractCompatibility.missingOrChanged(golden, written)).as("%s: fields lost or changed", file).isEmpty();
        }
    }

    @Test
    void aFieldFromANewerProducerIsIgnoredNotRefused() throws IOException {
        for (Family f : FAMILIES.values()) {
            ObjectNode golden = (ObjectNode) Json.MAPPER.readTree(goldenFiles(f.current()).get(0).toFile());
            golden.put("addedByANewerRelease", "anything");

            assertThat(Json.MAPPER.treeToValue(golden, f.type())).as(f.current()).isNotNull();
        }
    }

    private static List<Path> goldenFiles(String schema) throws IOException {
        Path dir = GOLDEN.resolve(schema.replace('/', '_'));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static List<Path> allGoldenFiles() throws IOException {
        try (Stream<Path> files = Files.walk(GOLDEN)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static void writeMissing() throws IOException {
        Map<String, List<Object>> bySchema = new LinkedHashMap<>();
        for (Object example : RecordSchemasTest.examples().keySet()) {
            if (example instanceof Versioned v) {
                bySchema.computeIfAbsent(v.schema(), s -> new ArrayList<>()).add(example);
            }
        }
        for (Map.Entry<String, List<Object>> e : bySchema.entrySet()) {
            Path dir = GOLDEN.resolve(e.getKey().replace('/', '_'));
            if (Files.isDirectory(dir)) {
                continue;
            }
            Files.createDirectories(dir);
            int n = 1;
            for (Object record : e.getValue()) {
                Files.writeString(dir.resolve(String.format("%02d.json", n++)),
                        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(record) + "\n");
            }
        }
    }
}
