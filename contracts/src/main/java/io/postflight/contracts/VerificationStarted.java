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
 * @param policy the per-service/environment policy resolved at intake; absent in records written
 *     before policies existed, which are verified under {@link VerificationPolicy#DEFAULT}
 * @param receivedAt when the deploy event reached Postflight: its Kafka record's timestamp on the
 *     deploy-events topic (the producer's clock, or the broker's with {@code LogAppendTime}); the
 *     span from it to {@code startedAt} is Postflight's own intake delay. Absent in older records.
 * @param discovery present when the targets are discovered in Kubernetes (ADR 0029): {@code targets}
 *     is then empty and the set follows the snapshots on {@link Topics#TARGETS}. A reader that does
 *     not know this field sees no targets and holds with "no instances to probe", as it did for
 *     such events before, so the field is additive (contracts/README.md §3).
 */
public record VerificationStarted(String schema, DeploymentRef deployment, DeployAction action,
                                  List<Target> targets, List<Phase> phases, Instant startedAt,
                                  EventRef deployEvent, VerificationPolicy policy, Instant receivedAt,
                                  TargetDiscovery discovery) implements Versioned, Checked<VerificationStarted> {
    /**
     * Version 2: identifiers NFC-normalised and printable, slot parts without path separators
     * ({@link Identifiers}), target URLs usable ({@link TargetUrl}).
     */
    public static final String SCHEMA = "postflight.verification-started/2";
    /** Version 1 records are still read, by the rules of version 2 (see {@link ContractVersions}). */
    public static final String SCHEMA_1 = "postflight.verification-started/1";

    /** A verification under the default policy. */
    public VerificationStarted(String schema, DeploymentRef deployment, DeployAction action, List<Target> targets,
                               List<Phase> phases, Instant startedAt, EventRef deployEvent) {
        this(schema, deployment, action, targets, phases, startedAt, deployEvent, null, null, null);
    }

    /** A verification under {@code policy}, its deploy event's arrival unknown. */
    public VerificationStarted(String schema, DeploymentRef deployment, DeployAction action, List<Target> targets,
                               List<Phase> phases, Instant startedAt, EventRef deployEvent, VerificationPolicy policy) {
        this(schema, deployment, action, targets, phases, startedAt, deployEvent, policy, null, null);
    }

    /** A verification of the targets it names (none discovered). */
    public VerificationStarted(String schema, DeploymentRef deployment, DeployAction action, List<Target> targets,
                               List<Phase> phases, Instant startedAt, EventRef deployEvent, VerificationPolicy policy,
                               Instant receivedAt) {
        this(schema, deployment, action, targets, phases, startedAt, deployEvent, policy, receivedAt, null);
    }

    public VerificationStarted {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(startedAt, "startedAt");
        schema = schema == null ? SCHEMA : schema;
        targets = targets == null ? List.of() : List.copyOf(targets);
        phases = phases == null ? List.of() : List.copyOf(phases);
    }

    /**
     * From when the verifier should have been reading the new version: when the deploy event reached
     * Postflight ({@code receivedAt}), or {@code startedAt} when that is unknown or later (clocks
     * apart). A verifier that begins much later knows the span in between was Postflight's delay.
     */
    public Instant dueSince() {
        return receivedAt != null && receivedAt.isBefore(startedAt) ? receivedAt : startedAt;
    }

    /** The policy this verification runs under ({@link VerificationPolicy#DEFAULT} when none was carried). */
    public VerificationPolicy policyOrDefault() {
        return VerificationPolicy.orDefault(policy);
    }

    /** Whether the targets follow discovery snapshots rather than this record's {@code targets}. */
    public boolean discovered() {
        return discovery != null;
    }

    @Override
    public VerificationStarted checked() {
        if (discovery != null && !targets.isEmpty()) {
            throw new IllegalArgumentException("targets must be empty when discovery is set: the set follows "
                    + Topics.TARGETS.name());
        }
        return new VerificationStarted(SCHEMA, Identifiers.deployment(deployment), action,
                Identifiers.targets(targets), phases, startedAt, deployEvent, policy, receivedAt,
                discovery == null ? null : discovery.checked());
    }
}
