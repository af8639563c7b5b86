package io.postflight.baseline;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.Target;
import io.postflight.contracts.VerificationStarted;
import io.postflight.kafka.PhaseExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The latest deployment of one slot as the baseline verifier keeps it (state store, keyed by
 * slot): what is verified, where its phase stands, and the instances of the candidate and of the
 * previous version. The record outlives the phase so that the next deployment of the slot knows
 * where the version it replaces runs (its baseline and control). Everything needed to resume after
 * a crash is here; looks in flight at the crash are simply made again.
 *
 * @param verification the deployment
 * @param previousTargets instances of {@code deployment.previousVersion}, as announced when it was deployed
 * @param stage where the phase stands
 * @param phaseStartedAt when the phase began (HEALTH passed), {@code null} before
 * @param nextLookAtMillis wall-clock time the next look is due
 * @param lastLookAt when the last look finished, {@code null} before the first
 * @param failedLooks looks in a row whose fetch failed (provider outage)
 * @param lastFailure why the last failed look failed, {@code null} after a successful one
 * @param nextFastCheckAtMillis wall-clock time the next fast check is due (they run from the
 *     deployment on, whether or not HEALTH has passed)
 * @param traceparent the verification's W3C trace context, for the spans of its looks and result
 *     (ADR 0026); null in records stored before tracing, which read as before
 * @param extension how much longer operators' applied EXTENDs made the phase, and their ids (ADR
 *     0027); null in records stored before extensions and while never extended
 */
public record BaselineVerification(VerificationStarted verification, List<Target> previousTargets, Stage stage,
                                   Instant phaseStartedAt, long nextLookAtMillis, Instant lastLookAt,
                                   int failedLooks, String lastFailure, long nextFastCheckAtMillis,
                                   String traceparent, PhaseExtension extension) {

    /** A record never extended. */
    public BaselineVerification(VerificationStarted verification, List<Target> previousTargets, Stage stage,
                                Instant phaseStartedAt, long nextLookAtMillis, Instant lastLookAt,
                                int failedLooks, String lastFailure, long nextFastCheckAtMillis, String traceparent) {
        this(verification, previousTargets, stage, phaseStartedAt, nextLookAtMillis, lastLookAt, failedLooks,
                lastFailure, nextFastCheckAtMillis, traceparent, null);
    }

    /** A record with no trace context kept. */
    public BaselineVerification(VerificationStarted verification, List<Target> previousTargets, Stage stage,
                                Instant phaseStartedAt, long nextLookAtMillis, Instant lastLookAt,
                                int failedLooks, String lastFailure, long nextFastCheckAtMillis) {
        this(verification, previousTargets, stage, phaseStartedAt, nextLookAtMillis, lastLookAt, failedLooks,
                lastFailure, nextFastCheckAtMillis, null, null);
    }

    /** Where one deployment's baseline phase stands. */
    public enum Stage {
        /** Waiting for the health phase to pass; the versions' traffic is recorded, fast checks run. */
        AWAITING_HEALTH,
        /** Looking at the traffic every look interval until the judge decides. */
        RUNNING,
        /** Over (or not run); the candidate stays as the version now serving. */
        CANDIDATE_KEPT,
        /** Over: the candidate failed, so the previous version is expected back. */
        CANDIDATE_GONE;

        public boolean inProgress() {
            return this == AWAITING_HEALTH || this == RUNNING;
        }
    }

    public BaselineVerification {
        Objects.requireNonNull(verification, "verification");
        Objects.requireNonNull(stage, "stage");
        previousTargets = previousTargets == null ? List.of() : List.copyOf(previousTargets);
    }

    public DeploymentRef deployment() {
        return verification.deployment();
    }

    public String deploymentId() {
        return verification.deployment().deploymentId();
    }

    /**
     * When the candidate began serving: the CD system's time of the deployment, unless that lies
     * after the verification started (a skewed clock).
     */
    public Instant deployedAt() {
        Instant announced = verification.deployEvent() == null ? null : verification.deployEvent().time();
        return announced != null && announced.isBefore(verification.startedAt()) ? announced
                : verification.startedAt();
    }

    /** The instances this record knows for {@code version} (empty when none). */
    public List<Target> targetsOf(String version) {
        if (version == null) {
            return List.of();
        }
        if (version.equals(deployment().version())) {
            return verification.targets();
        }
        return version.equals(deployment().previousVersion()) ? previousTargets : List.of();
    }

    /**
     * The versions whose traffic must be recorded now, with their instances: both sides while the
     * phase runs, afterwards the version left serving (the next deployment's baseline).
     */
    public Map<String, List<Target>> versionsToRecord() {
        Map<String, List<Target>> versions = new LinkedHashMap<>();
        String previous = deployment().previousVersion();
        if (stage != Stage.CANDIDATE_GONE) {
            versions.put(deployment().version(), verification.targets());
        }
        if ((stage.inProgress() || stage == Stage.CANDIDATE_GONE) && previous != null) {
            versions.put(previous, previousTargets);
        }
        return versions;
    }

    public BaselineVerification started(Instant at, long firstLookAtMillis) {
        return new BaselineVerification(verification, previousTargets, Stage.RUNNING, at, firstLookAtMillis,
                null, 0, null, nextFastCheckAtMillis, traceparent, extension);
    }

    public BaselineVerification looked(Instant at, long nextAtMillis) {
        return new BaselineVerification(verification, previousTargets, stage, phaseStartedAt, nextAtMillis, at,
                0, null, nextFastCheckAtMillis, traceparent, extension);
    }

    public BaselineVerification failed(Instant at, String why, long nextAtMillis) {
        return new BaselineVerification(verification, previousTargets, stage, phaseStartedAt, nextAtMillis, at,
                failedLooks + 1, why, nextFastCheckAtMillis, traceparent, extension);
    }

    public BaselineVerification postponed(long nextAtMillis) {
        return new BaselineVerification(verification, previousTargets, stage, phaseStartedAt, nextAtMillis,
                lastLookAt, failedLooks, lastFailure, nextFastCheckAtMillis, traceparent, extension);
    }

    /** The record with the next fast check due at {@code atMillis}. */
    public BaselineVerification fastCheckDue(long atMillis) {
        return new BaselineVerification(verification, previousTargets, stage, phaseStartedAt, nextLookAtMillis,
                lastLookAt, failedLooks, lastFailure, atMillis, traceparent, extension);
    }

    /** How much later than configured the phase ends ({@link Duration#ZERO} unless extended). */
    public Duration extendedBy() {
        return PhaseExtension.orNone(extension).extendedBy();
    }

    /** The record with {@code newExtension}: the phase ends that much later. */
    public BaselineVerification extended(PhaseExtension newExtension) {
        return new BaselineVerification(verification, previousTargets, stage, phaseStartedAt, nextLookAtMillis,
                lastLookAt, failedLooks, lastFailure, nextFastCheckAtMillis, traceparent, newExtension);
    }

    /**
     * The record after an operator's ABORT: the phase is over without a result, nothing more is
     * fetched, and the candidate counts as the version serving (no decision rolled it back), so the
     * next deployment of the slot compares against it.
     */
    public BaselineVerification aborted() {
        return concluded(PhaseOutcome.PASSED);
    }

    /** The record after the phase (or the health phase before it) ended with {@code outcome}. */
    public BaselineVerification concluded(PhaseOutcome outcome) {
        Stage next = outcome == PhaseOutcome.PASSED ? Stage.CANDIDATE_KEPT : Stage.CANDIDATE_GONE;
        return new BaselineVerification(verification, previousTargets, next, phaseStartedAt, Long.MAX_VALUE,
                lastLookAt, failedLooks, lastFailure, Long.MAX_VALUE, traceparent, extension);
    }
}
