package io.postflight.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postflight.contracts.intake.ContractSchemas;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every contract record, serialised with {@link Json#MAPPER}, honours its JSON Schema, reads back
 * equal, and the schemas refuse what breaks the contract.
 */
class RecordSchemasTest {

    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final DeploymentRef DEPLOYMENT = new DeploymentRef("checkout-prod-42", "checkout", "prod", "1.4.2",
            "sha256:0feb10e9c82f2c657fe96a40d800f2cd3fde09cf15f687e8dc6104e67732e218", "1.4.1");
    static final DeploymentRef BARE_DEPLOYMENT = new DeploymentRef("d-1", "search", "staging", "3.1.0", null, null);
    static final EventRef EVENT = new EventRef("jenkins-checkout-deploy-42", "jenkins/job/42",
            "dev.cdevents.service.deployed.0.2.0", T0);
    static final List<Target> TARGETS = List.of(new Target("pod-a", "http://10.0.0.7:8080"));
    static final Evidence EVIDENCE = new Evidence("error-rate", true,
            "error rate 7.1 % vs baseline 0.4 % (threshold 5 %)",
            Map.of("candidateRate", 0.071, "baselineRate", 0.004, "threshold", 0.05, "pValue", Double.NaN,
                    "ratio", Double.POSITIVE_INFINITY),
            Map.of("baseline", "control", "provider", "prometheus"));
    static final Decision DECISION = new Decision(Decision.SCHEMA, "checkout-prod-42:ROLLBACK", DEPLOYMENT,
            DecisionKind.ROLLBACK, false, List.of("baseline failed: error rate 7.1 % vs 0.4 %"), List.of(EVIDENCE),
            Map.of(Phase.HEALTH, PhaseOutcome.PASSED, Phase.BASELINE, PhaseOutcome.FAILED),
            T0.plusSeconds(900), EVENT);

    static final OverrideCommand OVERRIDE = new OverrideCommand(null, "ov-1", "checkout-prod-42", "checkout/prod",
            OverrideAction.RELEASE_HOLD, DecisionKind.PROMOTE, null, null, "traffic too low at night; checked by hand",
            "alice", T0);
    static final OverrideCommand EXTEND = new OverrideCommand(null, "ov-2", "d-1", "search/staging",
            OverrideAction.EXTEND, null, Phase.BASELINE, java.time.Duration.ofMinutes(30), "wait for the batch",
            "bob", null);

    static final TargetDiscovery DISCOVERY = new TargetDiscovery(List.of("eu-west-1"), "shop", "Rollout", "checkout",
            null, "checkout-canary", "http", 8080, "http", "digest", 50);
    static final TargetsChanged SNAPSHOT = new TargetsChanged(null, DEPLOYMENT, 3, T0.plusSeconds(20),
            TargetsChanged.SOURCE_API, List.of(new TargetsChanged.Workload("eu-west-1", "shop", "Rollout", "checkout",
                    "7c9d5b6f4", 2, false)),
            List.of(new TargetsChanged.Pod("eu-west-1/shop/checkout-7c9d5b6f4-x2x9q", "eu-west-1", "shop",
                    "checkout-7c9d5b6f4-x2x9q", "http://10.1.2.3:8080", T0.plusSeconds(5), "Running", true,
                    List.of(new TargetsChanged.Container("app", false, 1, null, null, "OOMKilled")), null),
                    new TargetsChanged.Pod("eu-west-1/shop/checkout-7c9d5b6f4-k7b2m", "eu-west-1", "shop",
                    "checkout-7c9d5b6f4-k7b2m", null, T0.plusSeconds(6), "Pending", false,
                    List.of(new TargetsChanged.Container("app", false, 0, "ErrImagePull", T0.plusSeconds(9), null)),
                    T0.plusSeconds(6))),
            true, null);

    /** One full and one sparse instance of every record, with its schema file. */
    static Map<Object, String> examples() {
        return Map.ofEntries(
                Map.entry(new DeployEvent(null, EVENT, DeployAction.DEPLOYED, DEPLOYMENT, TARGETS,
                        "cloudevents-binary"), ContractSchemas.DEPLOY_EVENT),
                Map.entry(new DeployEvent(null, new EventRef("e-1", null, "postflight.deploy/1", null),
                        DeployAction.ROLLED_BACK, BARE_DEPLOYMENT, null, "plain"), ContractSchemas.DEPLOY_EVENT),
                Map.entry(new VerificationStarted(null, DEPLOYMENT, DeployAction.UPGRADED, TARGETS,
                        List.of(Phase.HEALTH, Phase.BASELINE, Phase.DRIFT), T0.plusMillis(1234), EVENT),
                        ContractSchemas.VERIFICATION_STARTED),
                Map.entry(new VerificationStarted(null, BARE_DEPLOYMENT, null, null, null, T0, null),
                        ContractSchemas.VERIFICATION_STARTED),
                Map.entry(new VerificationStarted(null, DEPLOYMENT, DeployAction.DEPLOYED, TARGETS,
                        List.of(Phase.HEALTH, Phase.BASELINE), T0, EVENT, new VerificationPolicy("checkout-prod",
                                "service/environment", InconclusiveAction.PROMOTE_ON_HEALTH, 200L, 2.0, 0.005, 1.5,
                                0.002, java.time.Duration.ofMinutes(45), java.time.Duration.ofMinutes(15))), ContractSchemas.VERIFICATION_STARTED),
                Map.entry(new VerificationStarted(null, BARE_DEPLOYMENT, null, null, null, T0, null,
                        VerificationPolicy.DEFAULT), ContractSchemas.VERIFICATION_STARTED),
                Map.entry(new VerificationStarted(null, DEPLOYMENT, DeployAction.DEPLOYED, TARGETS,
                        List.of(Phase.HEALTH), T0.plusSeconds(40), EVENT, VerificationPolicy.DEFAULT, T0),
                        ContractSchemas.VERIFICATION_STARTED),
                Map.entry(new VerificationStarted(null, DEPLOYMENT, DeployAction.DEPLOYED, null,
                        List.of(Phase.HEALTH, Phase.BASELINE), T0.plusSeconds(2), EVENT, VerificationPolicy.DEFAULT, T0,
                        DISCOVERY), ContractSchemas.VERIFICATION_STARTED),
                Map.entry(SNAPSHOT, ContractSchemas.TARGETS_CHANGED),
                Map.entry(new TargetsChanged(null, BARE_DEPLOYMENT, 1, T0, null, null, null, false,
                        "cluster eu-west-1 did not answer"), ContractSchemas.TARGETS_CHANGED),
                Map.entry(new PhaseResult(null, DEPLOYMENT, Phase.BASELINE, PhaseOutcome.FAILED,
                        "error rate regressed", List.of(EVIDENCE), T0.plusSeconds(300), T0.plusSeconds(900), EVENT),
                        ContractSchemas.PHASE_RESULT),
                Map.entry(new PhaseResult(null, BARE_DEPLOYMENT, Phase.HEALTH, PhaseOutcome.INCONCLUSIVE,
                        null, null, null, null, null), ContractSchemas.PHASE_RESULT),
                Map.entry(DECISION, ContractSchemas.DECISION),
                Map.entry(new Decision(null, null, BARE_DEPLOYMENT, DecisionKind.HOLD, false, null, null, null,
                        null, null), ContractSchemas.DECISION),
                Map.entry(new Verdict(null, DEPLOYMENT, VerdictState.ROLLED_BACK, DECISION.phases(), DECISION,
                        null, T0.plusSeconds(901), EVENT), ContractSchemas.VERDICT),
                Map.entry(new Verdict(null, BARE_DEPLOYMENT, VerdictState.SUPERSEDED, null, null, "d-2", T0, null),
                        ContractSchemas.VERDICT),
                Map.entry(Alert.forDecision(DECISION), ContractSchemas.ALERT),
                Map.entry(OVERRIDE, ContractSchemas.OVERRIDE),
                Map.entry(EXTEND, ContractSchemas.OVERRIDE),
                Map.entry(new Decision(null, "checkout-prod-42:promote", DEPLOYMENT, DecisionKind.PROMOTE, false,
                        List.of("released by an operator"), null, null, T0, EVENT, OVERRIDE), ContractSchemas.DECISION),
                Map.entry(new AuditRecord(null, OVERRIDE, DEPLOYMENT, AuditOutcome.APPLIED, null, VerdictState.HELD,
                        VerdictState.PROMOTED, "checkout-prod-42:promote", T0, null), ContractSchemas.AUDIT),
                Map.entry(new AuditRecord(null, OVERRIDE, DEPLOYMENT, AuditOutcome.APPLIED, null, VerdictState.HELD,
                        VerdictState.PROMOTED, "checkout-prod-42:promote", T0.plusSeconds(60), true),
                        ContractSchemas.AUDIT),
                Map.entry(new AuditRecord(null, EXTEND, null, AuditOutcome.REFUSED, "no verification of it is known",
                        null, null, null, T0, null), ContractSchemas.AUDIT),
                Map.entry(new Verdict(null, BARE_DEPLOYMENT, VerdictState.ABORTED, null, null, null, T0, null),
                        ContractSchemas.VERDICT),
                Map.entry(EVIDENCE, ContractSchemas.EVIDENCE),
                Map.entry(Evidence.of("readiness:pod-a", false, "ready", null), ContractSchemas.EVIDENCE));
    }

    @Test
    void everyRecordValidatesAgainstItsSchemaAndReadsBackEqual() throws Exception {
        for (Map.Entry<Object, String> example : examples().entrySet()) {
            JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(example.getKey()));

            assertThat(ContractSchemas.violations(example.getValue(), json))
                    .as("%s against %s", json, example.getValue()).isEmpty();
            Object back = Json.MAPPER.treeToValue(json, example.getKey().getClass());
            assertThat(back).as("round trip of %s", json).isEqualTo(example.getKey());
        }
    }

    @Test
    void everySchemaIdMatchesARecordConstant() {
        assertThat(ContractSchemas.FILE_BY_SCHEMA_ID).containsOnlyKeys(DeployEvent.SCHEMA, "postflight.deploy/1",
                VerificationStarted.SCHEMA, TargetsChanged.SCHEMA, PhaseResult.SCHEMA, Decision.SCHEMA, Verdict.SCHEMA, Alert.SCHEMA,
                OverrideCommand.SCHEMA, AuditRecord.SCHEMA);
        ContractSchemas.FILE_BY_SCHEMA_ID.forEach((id, file) ->
                assertThat(ContractSchemas.schema(file).getSchemaNode().get("title").textValue()).isEqualTo(id));
    }

    @Test
    void missingRequiredFieldsFail() {
        assertThat(violations(DECISION, ContractSchemas.DECISION, d -> d.remove("kind")))
                .containsExactly("$.kind: is missing but it is required");
        assertThat(violations(DECISION, ContractSchemas.DECISION,
                d -> ((ObjectNode) d.get("deployment")).remove("environment")))
                .containsExactly("$.deployment.environment: is missing but it is required");
        assertThat(violations(Alert.forDecision(DECISION), ContractSchemas.ALERT, a -> a.remove("decision")))
                .containsExactly("$.decision: is missing but it is required");
    }

    @Test
    void wrongTypesAndValuesFail() {
        assertThat(violations(DECISION, ContractSchemas.DECISION, d -> d.put("postPromotion", "no")))
                .containsExactly("$.postPromotion: string found, boolean expected");
        assertThat(violations(DECISION, ContractSchemas.DECISION, d -> d.put("kind", "ABORT")))
                .containsExactly("$.kind: does not have a value in the enumeration [\"ROLLBACK\", \"PROMOTE\", \"HOLD\"]");
        assertThat(violations(DECISION, ContractSchemas.DECISION, d -> d.put("decidedAt", 1763805600)))
                .containsExactly("$.decidedAt: integer found, string expected");
        assertThat(violations(DECISION, ContractSchemas.DECISION, d -> d.put("decidedAt", "2026-11-22 10:15")))
                .containsExactly("$.decidedAt: does not match the date-time pattern must be a valid RFC 3339 date-time");
    }

    @Test
    void aForeignSchemaVersionFails() {
        assertThat(violations(DECISION, ContractSchemas.DECISION, d -> d.put("schema", "postflight.decision/3")))
                .containsExactly("$.schema: must be the constant value 'postflight.decision/2'");
    }

    @Test
    void phaseMapsOnlyTakeKnownPhasesAndOutcomes() {
        Verdict verdict = new Verdict(null, DEPLOYMENT, VerdictState.VERIFYING, Map.of(Phase.HEALTH,
                PhaseOutcome.PASSED), null, null, T0, EVENT);

        assertThat(violations(verdict, ContractSchemas.VERDICT, v -> ((ObjectNode) v.get("phases"))
                .put("SMOKE", "PASSED"))).anySatisfy(m -> assertThat(m).startsWith("$.phases: property 'SMOKE' name is not valid"));
        assertThat(violations(verdict, ContractSchemas.VERDICT, v -> ((ObjectNode) v.get("phases"))
                .put("HEALTH", "OK"))).anySatisfy(m -> assertThat(m).startsWith("$.phases.HEALTH: does not have a value"));
    }

    @Test
    void evidenceFiguresAreNumbersOrNonFiniteMarkers() {
        assertThat(violations(EVIDENCE, ContractSchemas.EVIDENCE, e -> ((ObjectNode) e.get("figures"))
                .put("threshold", "5 %"))).anySatisfy(m -> assertThat(m).startsWith("$.figures.threshold"));
    }

    @Test
    void deployEventRejectsASlashInTheServiceAndABadDigest() {
        DeployEvent event = new DeployEvent(null, EVENT, DeployAction.DEPLOYED, DEPLOYMENT, TARGETS, "plain");

        assertThat(violations(event, ContractSchemas.DEPLOY_EVENT, e -> ((ObjectNode) e.get("deployment"))
                .put("service", "shop/checkout").put("artifactDigest", "latest")))
                .containsExactly(
                        "$.deployment.artifactDigest: does not match the regex pattern ^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$",
                        "$.deployment.service: does not match the regex pattern "
                                + "^(?!\\.\\.?$)[^/\\\\\\s\\p{Zs}\\p{Cc}\\p{Cf}\\p{Cs}\\p{Co}\\p{Cn}\\p{Zl}\\p{Zp}]+$");
        assertThat(violations(event, ContractSchemas.DEPLOY_EVENT, e -> e.put("intakeFormat", "email")))
                .hasSize(1);
    }

    @Test
    void additionalFieldsAreAllowedWithinAVersion() {
        assertThat(violations(DECISION, ContractSchemas.DECISION, d -> d.put("confidence", 0.97))).isEmpty();
    }

    private static List<String> violations(Object record, String file, Consumer<ObjectNode> breakIt) {
        ObjectNode json = Json.MAPPER.valueToTree(record);
        assertThat(ContractSchemas.violations(file, json)).as("valid before the edit").isEmpty();
        breakIt.accept(json);
        return ContractSchemas.violations(file, json);
    }
}
