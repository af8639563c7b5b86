package io.postflight.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The gateway accepted a deploy event and verification of the deployment begins. Keyed by slot
 * ({@code service/environment}); a later one for the same slot supersedes this one.
 *
 * @param schema always {@link #SCHEMA}
 * @param deployment what is verified
 * @param action what the CD system announced
 * @param targets instances to probe (from the event, else from the configured target map)
 * @param phases phases to run for this deployment, in order
 * @param startedAt when verification began (the gateway's clock)
 * @param deployEvent the deploy event this verification answers
 */
public record VerificationStarted(String schema, DeploymentRef deployment, DeployAction action,
                                  List<Target> targets, List<Phase> phases, Instant startedAt,
                                  EventRef deployEvent) implements Versioned, Checked<VerificationStarted> {
    /**
     * Version 2: identifiers NFC-normalised and printable, slot parts without path separators
     * ({@link Identifiers}), target URLs usable ({@link TargetUrl}).
     */
    public static final String SCHEMA = "postflight.verification-started/2";
    /** Version 1 records are still read, by the rules of version 2 (see {@link ContractVersions}). */
    public static final String SCHEMA_1 = "postflight.verification-started/1";

    public VerificationStarted {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(startedAt, "startedAt");
        schema = schema == null ? SCHEMA : schema;
        targets = targets == null ? List.of() : List.copyOf(targets);
        phases = phases == null ? List.of() : List.copyOf(phases);
    }

    @Override
    public VerificationStarted checked() {
        return new VerificationStarted(SCHEMA, Identifiers.deployment(deployment), action,
                Identifiers.targets(targets), phases, startedAt, deployEvent);
    }
}
