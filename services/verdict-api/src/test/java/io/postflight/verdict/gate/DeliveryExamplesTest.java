package io.postflight.verdict.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The examples under deploy/argo-rollouts and deploy/flagger are valid YAML and say what the gates
 * answer: the AnalysisTemplate's conditions are this code's decision words, undecided is
 * Inconclusive until the last measurement, and every Canary webhook calls the gate of its own type.
 */
class DeliveryExamplesTest {
    private static final Path DEPLOY = Path.of("../../deploy");

    @Test
    @SuppressWarnings("unchecked")
    void theAnalysisTemplateReadsTheDecisionAndWaitsWhileUndecided() throws IOException {
        Map<String, Object> template = only(DEPLOY.resolve("argo-rollouts/analysis-template.yaml"));
        assertThat(template).containsEntry("kind", "AnalysisTemplate");
        Map<String, Object> metric = ((List<Map<String, Object>>) spec(template).get("metrics")).get(0);
        assertThat(metric.get("successCondition")).isEqualTo("result == \"" + GateDecision.PROMOTED.wire() + "\"");
        assertThat(metric.get("failureCondition")).isEqualTo("result == \"" + GateDecision.ROLLED_BACK.wire()
                + "\" || result == \"" + GateDecision.ABORTED.wire() + "\"");
        assertThat(metric.get("consecutiveSuccessLimit")).isEqualTo(1);
        assertThat(metric.get("failureLimit")).isEqualTo(0);
        assertThat(metric.get("inconclusiveLimit")).as("undecided until the last measurement, then a pause")
                .isEqualTo((Integer) metric.get("count") - 1);
        Map<String, Object> web = (Map<String, Object>) ((Map<String, Object>) metric.get("provider")).get("web");
        assertThat(web.get("jsonPath")).isEqualTo("{$.decision}");
        assertThat((String) web.get("url")).contains("/gates/argo-rollouts/{{args.namespace}}/{{args.rollout}}?");
        assertThat(web.get("headers").toString()).contains("Bearer {{args.postflight-token}}");
        Map<String, Object> rollout = only(DEPLOY.resolve("argo-rollouts/rollout.yaml"));
        assertThat(rollout).containsEntry("kind", "Rollout");
        assertThat(rollout.toString()).contains("templateName=postflight-verdict");
        // The identifiers the example sends by default are ones a usual announcer knows: the
        // pod-template hash (only in ids Argo Rollouts announces itself) stays opt-in.
        Map<String, String> args = analysisArgs(rollout);
        assertThat(args).as("arguments the Rollout passes").containsEntry("version",
                "spec.template.metadata.labels.version").doesNotContainKey("pod-template-hash");
        assertThat(((Map<String, Object>) ((Map<String, Object>) spec(rollout).get("template")).get("metadata"))
                .get("labels").toString()).contains("version=");
        Map<String, Object> hashArg = ((List<Map<String, Object>>) spec(template).get("args")).stream()
                .filter(a -> "pod-template-hash".equals(a.get("name"))).findFirst().orElseThrow();
        assertThat(hashArg.get("value")).as("the hash asks nothing unless a Rollout passes it").isEqualTo("");
        GateRequest asked = new GateRequest("shop/prod", "1.2.0", null, null, "");
        assertThat(asked.mismatches(new io.postflight.contracts.DeploymentRef("shop-42", "shop", "prod", "1.2.0",
                null, "1.1.0"))).as("a deployment announced by a CD system with that version matches").isEmpty();
    }

    /** The analysis step's arguments: name to the field they come from (or their value). */
    @SuppressWarnings("unchecked")
    private static Map<String, String> analysisArgs(Map<String, Object> rollout) {
        Map<String, String> args = new java.util.LinkedHashMap<>();
        Map<String, Object> canary = (Map<String, Object>) ((Map<String, Object>) spec(rollout).get("strategy"))
                .get("canary");
        for (Map<String, Object> step : (List<Map<String, Object>>) canary.get("steps")) {
            Map<String, Object> analysis = (Map<String, Object>) step.get("analysis");
            if (analysis == null) {
                continue;
            }
            for (Map<String, Object> arg : (List<Map<String, Object>>) analysis.get("args")) {
                Map<String, Object> from = (Map<String, Object>) arg.get("valueFrom");
                Object field = from == null ? arg.get("value") : from.containsKey("fieldRef")
                        ? ((Map<String, Object>) from.get("fieldRef")).get("fieldPath") : from.toString();
                args.put((String) arg.get("name"), String.valueOf(field));
            }
        }
        return args;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyCanaryWebhookCallsTheGateOfItsType() throws IOException {
        Map<String, Object> canary = only(DEPLOY.resolve("flagger/canary.yaml"));
        assertThat(canary).containsEntry("kind", "Canary");
        List<Map<String, Object>> hooks = (List<Map<String, Object>>) ((Map<String, Object>) spec(canary)
                .get("analysis")).get("webhooks");
        List<String> types = new ArrayList<>();
        for (Map<String, Object> hook : hooks) {
            String type = (String) hook.get("type");
            types.add(type);
            assertThat(FlaggerHook.of(type)).as(type).isPresent();
            assertThat((String) hook.get("url")).endsWith("/gates/flagger/" + type);
            assertThat((Map<String, Object>) hook.get("metadata")).containsKey("token").containsKey("version");
        }
        assertThat(types).contains("confirm-promotion", "rollout", "rollback");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> object) {
        return (Map<String, Object>) object.get("spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> only(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            List<Object> docs = new ArrayList<>();
            new Yaml().loadAll(r).forEach(docs::add);
            assertThat(docs).as(file.toString()).hasSize(1);
            return (Map<String, Object>) docs.get(0);
        }
    }
}
