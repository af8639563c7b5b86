package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Alert;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Evidence;
import io.postflight.contracts.Json;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.VerificationStarted;
import io.postflight.decision.DecisionRules;
import io.postflight.decision.DecisionStep;
import io.postflight.decision.SlotState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The decision and alert ids the docs show are the ids the decision engine builds: the example alert
 * of contracts/README.md, the {@code decision_id} of docs/alerting.md's Alertmanager example, and
 * every id shape the contract table, docs/alerting.md and docs/architecture.md describe. The ids
 * come from {@link DecisionRules} itself, so a change of format fails here until the docs follow.
 */
class DocumentedIdsTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void theContractsExampleAlertCarriesTheIdsTheRulesBuild() throws Exception {
        String readme = RepositoryDocs.read("contracts/README.md");
        Matcher block = Pattern.compile("Example \\(`Alert.forDecision`[^\\n]*\\n+```json\\n(.*?)\\n```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(block.find()).as("contracts/README.md has the example alert").isTrue();
        Alert example = Json.MAPPER.readValue(block.group(1), Alert.class);

        DeploymentRef d = example.decision().deployment();
        VerificationStarted v = started(d, Phase.HEALTH, Phase.BASELINE);
        SlotState s = DecisionRules.onResult(begin(v), result(v, Phase.HEALTH, PhaseOutcome.PASSED), T0).state();
        DecisionStep rollback = DecisionRules.onResult(s, result(v, Phase.BASELINE, PhaseOutcome.FAILED), T0);

        assertThat(example.decision().decisionId()).isEqualTo(rollback.decision().decisionId());
        assertThat(example.alertId()).isEqualTo(rollback.alert().alertId());
        assertThat(example.severity()).isEqualTo(rollback.alert().severity());
        assertThat(example.decision().kind()).isEqualTo(rollback.decision().kind());
    }

    @Test
    void theAlertmanagerExampleCarriesTheIdTheRulesBuild() {
        String alerting = RepositoryDocs.read("docs/alerting.md");
        String deploymentId = field(alerting, "deployment_id");
        String decisionId = field(alerting, "decision_id");
        VerificationStarted v = started(new DeploymentRef(deploymentId, "checkout", "prod", "2.4.0", null, "2.3.9"),
                Phase.HEALTH, Phase.BASELINE);
        DecisionStep rollback = DecisionRules.onResult(begin(v), result(v, Phase.HEALTH, PhaseOutcome.FAILED), T0);
        assertThat(decisionId).isEqualTo(rollback.decision().decisionId());
    }

    /** Each shape the rules build (rollback, promote, hold, rollback after promotion) is in the docs that describe them. */
    @Test
    void everyIdShapeTheRulesBuildIsDescribed() {
        DeploymentRef d = new DeploymentRef("checkout-prod-42", "checkout", "prod", "1.4.2", null, "1.4.1");
        VerificationStarted v = started(d, Phase.HEALTH, Phase.DRIFT);
        DecisionStep rollback = DecisionRules.onResult(begin(v), result(v, Phase.HEALTH, PhaseOutcome.FAILED), T0);
        DecisionStep hold = DecisionRules.onResult(begin(v), result(v, Phase.HEALTH, PhaseOutcome.INCONCLUSIVE), T0);
        DecisionStep promote = DecisionRules.onResult(begin(v), result(v, Phase.HEALTH, PhaseOutcome.PASSED), T0);
        DecisionStep late = DecisionRules.onResult(promote.state(), result(v, Phase.DRIFT, PhaseOutcome.FAILED), T0);
        assertThat(late.decision().postPromotion()).isTrue();

        String id = d.deploymentId();
        String rollbackSuffix = suffix(rollback, id);
        String holdSuffix = suffix(hold, id);
        String promoteSuffix = suffix(promote, id);
        String lateSuffix = suffix(late, id);

        String contractRow = RepositoryDocs.read("contracts/README.md").lines()
                .filter(l -> l.startsWith("| `decisionId` |")).findFirst().orElseThrow();
        assertThat(contractRow).contains("`" + id + rollbackSuffix + "`", "`" + promoteSuffix + "`",
                "`" + holdSuffix + "`", "`<deploymentId>" + lateSuffix + "`");

        String alertingRow = RepositoryDocs.read("docs/alerting.md").lines()
                .filter(l -> l.startsWith("| `decision_id` |")).findFirst().orElseThrow();
        assertThat(alertingRow).contains("`<deploymentId>" + rollbackSuffix + "`", "`" + holdSuffix + "`",
                "`" + lateSuffix + "`");

        assertThat(RepositoryDocs.read("docs/architecture.md").replaceAll("\\s+", " "))
                .contains("(id `<deploymentId>" + rollbackSuffix + "|" + promoteSuffix.substring(1) + "|"
                        + holdSuffix.substring(1) + "`, plus `" + lateSuffix.substring(rollbackSuffix.length()) + "`)");
    }

    private static String suffix(DecisionStep step, String deploymentId) {
        assertThat(step.decision().decisionId()).startsWith(deploymentId + ":");
        return step.decision().decisionId().substring(deploymentId.length());
    }

    private static String field(String text, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": \"([^\"]+)\"").matcher(text);
        assertThat(m.find()).as("docs/alerting.md's example has %s", name).isTrue();
        return m.group(1);
    }

    private static VerificationStarted started(DeploymentRef d, Phase... phases) {
        return new VerificationStarted(null, d, DeployAction.DEPLOYED, List.of(), List.of(phases), T0, null);
    }

    private static SlotState begin(VerificationStarted v) {
        return DecisionRules.onStarted(null, v, T0).state();
    }

    private static PhaseResult result(VerificationStarted v, Phase p, PhaseOutcome o) {
        return new PhaseResult(null, v.deployment(), p, o, p + " summary",
                List.of(Evidence.of("check", o == PhaseOutcome.FAILED, "detail", Map.of("value", 1.0))),
                T0, T0.plusSeconds(60), v.deployEvent());
    }
}
