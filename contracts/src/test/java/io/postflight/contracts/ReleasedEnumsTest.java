package io.postflight.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Adding any enum value is a breaking change (contracts/README.md, "Schema versions"): the previous
 * release refuses a value it does not know, so it would dead-letter the record, or fail to read a
 * store entry after a rollback of Postflight. The enum values of every contract, as the JSON
 * Schemas and the Java records (reached from each record family, field by field) declare them, are
 * committed in {@code released-enums.json} together with the schema versions they were released
 * with. A change of values under the same versions fails here: bump the affected record's major
 * version, then write the snapshot again with {@code -Dgolden.write=true}.
 */
class ReleasedEnumsTest {
    private static final Path SNAPSHOT = Path.of("src/test/resources/released-enums.json");
    private static final Path SCHEMAS = Path.of("src/main/resources/schemas");

    @Test
    void enumValuesChangeOnlyWithANewSchemaVersion() throws IOException {
        ObjectNode now = current();
        if (Boolean.getBoolean("golden.write")) {
            Files.writeString(SNAPSHOT, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(now) + "\n");
        }
        JsonNode released = Json.MAPPER.readTree(SNAPSHOT.toFile());
        assertThat(now.get("versions")).as("the schema versions changed: write the enum snapshot of the new"
                + " versions with -Dgolden.write=true and commit it with the release").isEqualTo(released.get("versions"));
        assertThat(now.get("schemaEnums")).as("enum values in the JSON Schemas changed under the same schema"
                + " versions: adding or removing one is breaking; bump the record's major version (contracts/README.md)")
                .isEqualTo(released.get("schemaEnums"));
        assertThat(now.get("javaEnums")).as("enum constants of the contract records changed under the same schema"
                + " versions: adding or removing one is breaking; bump the record's major version (contracts/README.md)")
                .isEqualTo(released.get("javaEnums"));
    }

    @Test
    void theSnapshotSeesTheEnumsOfEveryFamily() throws IOException {
        JsonNode java = current().get("javaEnums");
        assertThat(java.has(VerdictState.class.getSimpleName())).isTrue();
        assertThat(java.has(DecisionKind.class.getSimpleName())).isTrue();
        assertThat(java.has(OverrideAction.class.getSimpleName())).isTrue();
        assertThat(current().get("schemaEnums").has("verdict.schema.json/properties/state")).isTrue();
    }

    private static ObjectNode current() throws IOException {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ObjectNode versions = out.putObject("versions");
        new TreeMap<>(GoldenRecordsTest.FAMILIES).forEach((name, f) -> versions.put(name, f.current()));
        ObjectNode schemaEnums = out.putObject("schemaEnums");
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                collect(Json.MAPPER.readTree(file.toFile()), file.getFileName().toString(), schemaEnums);
            }
        }
        ObjectNode javaEnums = out.putObject("javaEnums");
        Map<String, List<String>> found = new TreeMap<>();
        Set<Class<?>> seen = new HashSet<>();
        for (GoldenRecordsTest.Family f : GoldenRecordsTest.FAMILIES.values()) {
            enums(f.type(), seen, found);
        }
        found.forEach((name, values) -> values.forEach(javaEnums.withArray(name)::add));
        return out;
    }

    private static void collect(JsonNode node, String at, ObjectNode into) {
        if (node.isObject()) {
            if (node.has("enum")) {
                List<String> values = new ArrayList<>();
                node.get("enum").forEach(v -> values.add(v.asText()));
                values.forEach(into.withArray(at)::add);
            }
            node.fields().forEachRemaining(e -> collect(e.getValue(), at + "/" + e.getKey(), into));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), at + "/" + i, into);
            }
        }
    }

    /** The enum types reachable from {@code type} through record components, lists and maps. */
    private static void enums(Type type, Set<Class<?>> seen, Map<String, List<String>> found) {
        if (type instanceof ParameterizedType p) {
            for (Type argument : p.getActualTypeArguments()) {
                enums(argument, seen, found);
            }
            return;
        }
        if (!(type instanceof Class<?> c) || !seen.add(c)) {
            return;
        }
        if (c.isEnum()) {
            found.put(c.getSimpleName(), Arrays.stream(c.getEnumConstants()).map(e -> ((Enum<?>) e).name()).toList());
        } else if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                enums(rc.getGenericType(), seen, found);
            }
        }
    }
}
