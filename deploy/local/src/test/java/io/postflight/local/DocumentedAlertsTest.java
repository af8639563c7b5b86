package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.decision.alertmanager.AlertmanagerPayload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every alert the docs name exists: a rule of deploy/prometheus/alerts.yml, or one of the two
 * alerts the decision engine sends to Alertmanager ({@link AlertmanagerPayload}); and every rule's
 * runbook is a file of the repository. A rule renamed or removed fails here until the docs follow.
 */
class DocumentedAlertsTest {
    private static final Pattern RULE = Pattern.compile("(?m)^\\s*-?\\s*alert:\\s*(\\S+)");
    private static final Pattern RUNBOOK = Pattern.compile("runbook_url:\\s*(\\S+)");
    private static final Pattern NAMED = Pattern.compile("`(Postflight[A-Z][A-Za-z]+)`|\\b(Postflight[A-Z][A-Za-z]+)\\b");

    @Test
    void everyAlertTheDocsNameIsARuleOrADecisionAlert() {
        Set<String> alerts = new TreeSet<>(rules());
        alerts.add(AlertmanagerPayload.ROLLBACK_ALERTNAME);
        alerts.add(AlertmanagerPayload.HOLD_ALERTNAME);
        assertThat(alerts).as("rules in alerts.yml").hasSizeGreaterThan(5);
        List<String> unknown = new ArrayList<>();
        for (Path doc : RepositoryDocs.userDocs()) {
            Matcher m = NAMED.matcher(RepositoryDocs.read(doc));
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                // Class names (PostflightKafkaConfig, PostflightCli) are written with a package or as code, not as alerts.
                if (!alerts.contains(name) && !isAClass(name)) {
                    unknown.add(name + " (" + RepositoryDocs.root().relativize(doc) + ")");
                }
            }
        }
        assertThat(unknown).as("alerts named in the docs that no rule or decision alert has").isEmpty();
    }

    @Test
    void everyRulesRunbookExists() {
        Matcher m = RUNBOOK.matcher(RepositoryDocs.read("deploy/prometheus/alerts.yml"));
        List<String> runbooks = new ArrayList<>();
        while (m.find()) {
            runbooks.add(m.group(1).replace("\"", ""));
        }
        assertThat(runbooks).isNotEmpty()
                .allSatisfy(r -> assertThat(Files.exists(RepositoryDocs.root().resolve(r))).as(r).isTrue());
    }

    static List<String> rules() {
        Matcher m = RULE.matcher(RepositoryDocs.read("deploy/prometheus/alerts.yml"));
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static boolean isAClass(String name) {
        return RepositoryDocs.mainSources().stream()
                .anyMatch(p -> p.getFileName().toString().equals(name + ".java"));
    }
}
