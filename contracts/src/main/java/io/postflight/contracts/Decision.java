package io.postflight.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A rollback, promote or hold decision for one deployment, with the reasons and evidence behind
 * it and the deploy event it answers. Keyed by slot. At most one pre-promotion decision is made per
 * deployment; a drift failure after a PROMOTE adds one ROLLBACK with {@code postPromotion = true}.
 *
 * @param schema always {@link #SCHEMA}
 * @param decisionId unique id: {@code deploymentId:kind} in lower case, with {@code :post-promotion}
 *     appended to a rollback after promotion
 * @param deployment the deployment decided on
 * @param kind rollback, promote or hold
 * @param postPromotion whether this rollback comes after the deployment was promoted
 * @param reasons human sentences, one per failing (or passing) phase
 * @param evidence the evidence of the phases that led here
 * @param phases outcome of every phase reported so far
 * @param decidedAt when the decision was made
 * @param deployEvent the deploy event this answers
 */
public record Decision(String schema, String decisionId, DeploymentRef deployment, DecisionKind kind,
                       boolean postPromotion, List<String> reasons, List<Evidence> evidence,
                       Map<Phase, PhaseOutcome> phases, Instant decidedAt, EventRef deployEvent) implements Versioned {
    public static final String SCHEMA = "postflight.decision/1";

    public Decision {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(kind, "kind");
        schema = schema == null ? SCHEMA : schema;
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        phases = phases == null ? Map.of() : Map.copyOf(phases);
    }
}
