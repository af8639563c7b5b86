package io.postflight.contracts;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The latest state of one deployment, on a compacted topic keyed by deployment id: the newest
 * record per key is the current verdict.
 *
 * @param schema always {@link #SCHEMA}
 * @param deployment the deployment
 * @param state current state
 * @param phases outcome of every phase reported so far
 * @param decision the latest decision, if any
 * @param supersededBy the deployment id that superseded this one, if {@code state} is SUPERSEDED
 * @param updatedAt when this verdict was written
 * @param deployEvent the deploy event this answers
 */
public record Verdict(String schema, DeploymentRef deployment, VerdictState state,
                      Map<Phase, PhaseOutcome> phases, @Nullable Decision decision, @Nullable String supersededBy,
                      @Nullable Instant updatedAt, @Nullable EventRef deployEvent) implements Versioned {
    /** Version 2: HELD is no longer always final (an override may follow it), and ABORTED is a new state. */
    public static final String SCHEMA = "postflight.verdict/2";
    /** Version 1 records are read as version 2 (see {@link ContractVersions}). */
    public static final String SCHEMA_1 = "postflight.verdict/1";

    public Verdict {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(state, "state");
        // A version 1 record is read as version 2: every /1 record is a valid /2.
        schema = schema == null || SCHEMA_1.equals(schema) ? SCHEMA : schema;
        phases = phases == null ? Map.of() : Map.copyOf(phases);
    }
}
