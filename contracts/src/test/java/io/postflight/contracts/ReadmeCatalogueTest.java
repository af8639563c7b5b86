package io.postflight.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.intake.RejectReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** contracts/README.md documents the catalogue in code, so the two cannot drift apart unnoticed. */
class ReadmeCatalogueTest {

    private static List<String> readme() throws IOException {
        // Maven runs tests in the module directory; an IDE may run them from the repository root.
        Path path = Files.exists(Path.of("README.md")) && Files.exists(Path.of("src/main/resources/schemas"))
                ? Path.of("README.md") : Path.of("contracts", "README.md");
        return Files.readAllLines(path);
    }

    @Test
    void everyTopicHasARowWithItsPartitionsAndCleanupPolicy() throws IOException {
        List<String> lines = readme();
        for (TopicSpec topic : Topics.all()) {
            String row = lines.stream().filter(l -> l.startsWith("| `" + topic.name() + "` |")).findFirst()
                    .orElseThrow(() -> new AssertionError("no README row for " + topic.name()));
            String[] cells = row.split("\\|");
            assertThat(cells[4].strip()).as("partitions of %s", topic.name())
                    .isEqualTo(String.valueOf(topic.partitions()));
            assertThat(cells[5].strip()).as("cleanup.policy of %s", topic.name()).isEqualTo(topic.cleanupPolicy());
        }
    }

    @Test
    void everyRejectReasonAndDeadLetterHeaderIsDocumented() throws IOException {
        String text = String.join("\n", readme());
        for (RejectReason reason : RejectReason.values()) {
            assertThat(text).contains("| `" + reason.name() + "` |");
        }
        for (String header : List.of(Topics.DLQ_REASON, Topics.DLQ_DETAIL, Topics.DLQ_SOURCE_TOPIC,
                Topics.DLQ_SOURCE_PARTITION, Topics.DLQ_SOURCE_OFFSET, Topics.DLQ_CONSUMER)) {
            assertThat(text).contains("| `" + header + "` |");
        }
    }

    @Test
    void everyRecordSchemaIsDocumented() throws IOException {
        String text = String.join("\n", readme());
        for (String schema : List.of(DeployEvent.SCHEMA, VerificationStarted.SCHEMA, TargetsChanged.SCHEMA, PhaseResult.SCHEMA,
                Decision.SCHEMA, Verdict.SCHEMA, Alert.SCHEMA, OverrideCommand.SCHEMA, AuditRecord.SCHEMA,
                "postflight.deploy/1")) {
            assertThat(text).contains("`" + schema + "`");
        }
    }
}
