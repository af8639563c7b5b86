package io.postflight.contracts;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A verifier's conclusion about one phase of one deployment, with its evidence. Keyed by slot.
 *
 * @param schema always {@link #SCHEMA}
 * @param deployment the deployment verified
 * @param phase which phase
 * @param outcome passed, failed or inconclusive
 * @param summary one sentence on why
 * @param evidence the checks and numbers behind the outcome
 * @param startedAt when the phase began
 * @param decidedAt when the verifier reached the outcome
 * @param deployEvent the deploy event this answers
 */
public record PhaseResult(String schema, DeploymentRef deployment, Phase phase, PhaseOutcome outcome,
                          @Nullable String summary, List<Evidence> evidence, @Nullable Instant startedAt, @Nullable Instant decidedAt,
                          @Nullable EventRef deployEvent) implements Versioned {
    public static final String SCHEMA = "postflight.phase-result/1";

    public PhaseResult {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(outcome, "outcome");
        schema = schema == null ? SCHEMA : schema;
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
