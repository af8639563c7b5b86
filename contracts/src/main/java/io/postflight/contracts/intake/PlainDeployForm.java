package io.postflight.contracts.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeployEvent;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Identifiers;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain {@code postflight.deploy/1} JSON form, for CD systems without CDEvents tooling:
 * <pre>{@code
 * {"schema":"postflight.deploy/1","eventId":"jenkins-42-1","deploymentId":"checkout-prod-42",
 *  "service":"checkout","environment":"prod","version":"1.4.2","previousVersion":"1.4.1",
 *  "artifactDigest":"sha256:...","action":"deployed","time":"2026-11-22T10:00:00Z",
 *  "source":"jenkins/job/42","targets":[{"instance":"pod-a","url":"http://10.0.0.7:8080"}]}
 * }</pre>
 * Required: schema, service, environment, version, and eventId or deploymentId (each defaults to
 * the other). {@code action} defaults to {@code deployed}. The event type recorded in the
 * {@link EventRef} is {@link #SCHEMA}.
 */
final class PlainDeployForm {

    static final String SCHEMA = "postflight.deploy/1";
    static final String FORMAT = "plain";

    private static final String MISSING_EVENT_ID = "$.eventId: is missing but it is required";
    private static final String MISSING_DEPLOYMENT_ID = "$.deploymentId: is missing but it is required";

    private PlainDeployForm() {
    }

    static DeployEvent decode(JsonNode form) throws RejectedEventException {
        JsonInput.requireObject(form, "plain deploy form");
        JsonNode schema = form.get("schema");
        if (schema != null && schema.isTextual() && !SCHEMA.equals(schema.textValue())) {
            throw new RejectedEventException(RejectReason.UNKNOWN_TYPE, "plain-form schema '" + schema.textValue()
                    + "' is unknown; this Postflight reads " + SCHEMA);
        }
        List<String> violations = withIdentifierRules(form,
                oneIdMessage(ContractSchemas.violations(ContractSchemas.PLAIN_DEPLOY, form)));
        if (!violations.isEmpty()) {
            throw new RejectedEventException(RejectReason.SCHEMA_INVALID,
                    "plain deploy form breaks " + SCHEMA + ": " + ContractSchemas.describe(violations));
        }
        String eventId = CdEventMapper.text(form, "eventId");
        String deploymentId = CdEventMapper.text(form, "deploymentId");
        if (eventId == null && deploymentId == null) {
            // The schema asks for one of them non-empty; this only guards blank strings.
            throw new RejectedEventException(RejectReason.SCHEMA_INVALID,
                    "plain deploy form needs a non-blank eventId or deploymentId");
        }
        DeploymentRef deployment = new DeploymentRef(deploymentId != null ? deploymentId : eventId,
                form.get("service").textValue(), form.get("environment").textValue(),
                form.get("version").textValue(), CdEventMapper.text(form, "artifactDigest"),
                CdEventMapper.text(form, "previousVersion"));
        EventRef event = new EventRef(eventId != null ? eventId : deploymentId, CdEventMapper.text(form, "source"),
                SCHEMA, CdEventMapper.parseTime(CdEventMapper.text(form, "time"), "$.time"));
        return new DeployEvent(DeployEvent.SCHEMA, event, action(CdEventMapper.text(form, "action")), deployment,
                CdEventMapper.targets(form.path("targets")), FORMAT);
    }

    /**
     * The identifier rules ({@link Identifiers}) in place of the schema's patterns, which can only
     * say "does not match": an operator reads "contains a lone surrogate" or "contains a path separator".
     */
    private static List<String> withIdentifierRules(JsonNode form, List<String> violations) {
        List<String> merged = new ArrayList<>(violations);
        for (String field : List.of("service", "environment", "eventId", "deploymentId", "version")) {
            if (!form.path(field).isTextual()) {
                continue;
            }
            String value = form.get(field).textValue();
            try {
                switch (field) {
                    case "service", "environment" -> Identifiers.slotPart(field, value);
                    case "version" -> Identifiers.text(field, value, Identifiers.MAX_VERSION);
                    default -> Identifiers.text(field, value, Identifiers.MAX_ID);
                }
            } catch (IllegalArgumentException e) {
                merged.removeIf(v -> v.startsWith("$." + field + ": does not match the regex pattern"));
                merged.add("$." + field + ": " + e.getMessage());
            }
        }
        return merged.stream().distinct().sorted().toList();
    }

    /** The schema's anyOf reports both ids missing; say what is meant instead. */
    private static List<String> oneIdMessage(List<String> violations) {
        if (!violations.contains(MISSING_EVENT_ID) || !violations.contains(MISSING_DEPLOYMENT_ID)) {
            return violations;
        }
        List<String> merged = new ArrayList<>(violations);
        merged.removeAll(List.of(MISSING_EVENT_ID, MISSING_DEPLOYMENT_ID));
        merged.add("$.eventId: is missing but it is required when there is no deploymentId");
        return merged.stream().sorted().toList();
    }

    private static DeployAction action(String action) {
        if (action == null) {
            return DeployAction.DEPLOYED;
        }
        return switch (action) {
            case "upgraded" -> DeployAction.UPGRADED;
            case "rolledback" -> DeployAction.ROLLED_BACK;
            default -> DeployAction.DEPLOYED; // the schema admits only deployed, upgraded, rolledback
        };
    }
}
