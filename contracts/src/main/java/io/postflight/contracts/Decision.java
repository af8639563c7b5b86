package io.postflight.contracts;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A rollback, promote or hold decision for one deployment, with the reasons and evidence behind
 * it and the deploy event it answers. Keyed by slot. At most one pre-promotion decision is made per
 * deployment on evidence; a drift failure after a PROMOTE adds one ROLLBACK with
 * {@code postPromotion = true}. Since version 2 a HOLD is no longer always final: an operator's
 * override can follow it with a PROMOTE or ROLLBACK (and can decide before the evidence does),
 * and such a decision carries the {@code override} (who and why).
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
 * @param override the operator's override that made this decision; absent for decisions on evidence
 */
public record Decision(String schema, @Nullable String decisionId, DeploymentRef deployment, DecisionKind kind,
                       boolean postPromotion, List<String> reasons, List<Evidence> evidence,
                       Map<Phase, PhaseOutcome> phases, @Nullable Instant decidedAt, @Nullable EventRef deployEvent, @Nullable OverrideCommand override) implements Versioned {
    /** Version 2: a HOLD may be followed by a decision from an override, which the record then names. */
    public static final String SCHEMA = "postflight.decision/2";
    /** Version 1 records are read as version 2 (see {@link ContractVersions}): they carry no override. */
    public static final String SCHEMA_1 = "postflight.decision/1";

    /** A decision on evidence (no override). */
    public Decision(String schema, String decisionId, DeploymentRef deployment, DecisionKind kind,
                    boolean postPromotion, List<String> reasons, List<Evidence> evidence,
                    Map<Phase, PhaseOutcome> phases, Instant decidedAt, EventRef deployEvent) {
        this(schema, decisionId, deployment, kind, postPromotion, reasons, evidence, phases, decidedAt, deployEvent,
                null);
    }

    public Decision {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(kind, "kind");
        // A version 1 record (from a store or the topic) is read as version 2: every /1 record is a valid /2.
        schema = schema == null || SCHEMA_1.equals(schema) ? SCHEMA : schema;
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        phases = phases == null ? Map.of() : Map.copyOf(phases);
    }
}
