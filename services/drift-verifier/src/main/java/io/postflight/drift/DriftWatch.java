package io.postflight.drift;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.VerificationStarted;
import io.postflight.kafka.PhaseExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One slot's drift phase as kept in the {@link DriftPhaseProcessor#WATCHES} store (keyed by
 * slot). The samples themselves live in {@link DriftSamples}; this header says how many there
 * are. Everything needed to resume after a restart is here or there: the phase clock
 * ({@code phaseStart}) is set once, at promotion, and only ever copied.
 *
 * @param verification the verification of the deployment watched (targets, planned phases, deploy event)
 * @param stage awaiting promotion, watching, or finished
 * @param phaseStart when the drift phase began (the PROMOTE decision); null before promotion
 * @param samples sample slots filled so far, from slot 0 without gaps (a slot the provider had
 *     no data for holds NaN)
 * @param memoryLimitBytes the latest memory limit the provider reported, if any
 * @param baseline whether the previous version's window was fetched
 * @param judgedUpTo epoch second of the last look the judge made (0: none yet)
 * @param failingSince when the provider began failing for this deployment, null while it answers
 * @param lastError the provider's last failure, null while it answers
 * @param outcome the published outcome once finished
 * @param traceparent the verification's W3C trace context, for the spans of its looks and result
 *     (ADR 0026); null in watches stored before tracing, which read as before
 * @param extension how much longer operators' applied EXTENDs made the watch, and their ids (ADR
 *     0027), whether applied before or after the promotion; null in watches stored before
 *     extensions and while never extended
 */
public record DriftWatch(VerificationStarted verification, Stage stage, Instant phaseStart, int samples,
                         Double memoryLimitBytes, BaselineStatus baseline, long judgedUpTo, Instant failingSince,
                         String lastError, PhaseOutcome outcome, String traceparent, PhaseExtension extension) {

    /** A watch never extended. */
    public DriftWatch(VerificationStarted verification, Stage stage, Instant phaseStart, int samples,
                      Double memoryLimitBytes, BaselineStatus baseline, long judgedUpTo, Instant failingSince,
                      String lastError, PhaseOutcome outcome, String traceparent) {
        this(verification, stage, phaseStart, samples, memoryLimitBytes, baseline, judgedUpTo, failingSince,
                lastError, outcome, traceparent, null);
    }

    /** A watch with no trace context kept. */
    public DriftWatch(VerificationStarted verification, Stage stage, Instant phaseStart, int samples,
                      Double memoryLimitBytes, BaselineStatus baseline, long judgedUpTo, Instant failingSince,
                      String lastError, PhaseOutcome outcome) {
        this(verification, stage, phaseStart, samples, memoryLimitBytes, baseline, judgedUpTo, failingSince,
                lastError, outcome, null, null);
    }

    /** Where a watch stands. */
    public enum Stage {
        /** Verification started with a drift phase planned; drift begins once the version is promoted. */
        AWAITING_PROMOTION,
        WATCHING,
        /**
         * The phase result was published, or an operator's ABORT ended the phase without one
         * ({@code outcome} null); kept so a re-delivered PROMOTE starts nothing.
         */
        FINISHED
    }

    /** The previous version's window, the judge's same-time-of-day reference. */
    public enum BaselineStatus {
        /** The deployment names no previous version. */
        NO_PREVIOUS_VERSION,
        /** Not fetched yet (or the last attempt failed). */
        PENDING,
        /** Stored in {@link DriftSamples}. */
        STORED,
        /** The provider answered with no sample at all. */
        EMPTY
    }

    public DriftWatch {
        Objects.requireNonNull(verification, "verification");
        Objects.requireNonNull(stage, "stage");
    }

    public static DriftWatch awaitingPromotion(VerificationStarted v) {
        return awaitingPromotion(v, null);
    }

    /** @param traceparent the verification's trace context, or null */
    public static DriftWatch awaitingPromotion(VerificationStarted v, String traceparent) {
        return new DriftWatch(v, Stage.AWAITING_PROMOTION, null, 0, null, null, 0, null, null, null, traceparent, null);
    }

    public DeploymentRef deployment() {
        return verification.deployment();
    }

    public String deploymentId() {
        return verification.deployment().deploymentId();
    }

    /** The phase begins: its clock starts at {@code start}. */
    public DriftWatch promoted(Instant start) {
        BaselineStatus b = deployment().previousVersion() == null ? BaselineStatus.NO_PREVIOUS_VERSION
                : BaselineStatus.PENDING;
        return new DriftWatch(verification, Stage.WATCHING, start, 0, null, b, 0, null, null, null, traceparent, extension);
    }

    /** {@code total} slots are now filled; the provider answered. */
    public DriftWatch withSamples(int total, Double limit) {
        return new DriftWatch(verification, stage, phaseStart, total, limit == null ? memoryLimitBytes : limit,
                baseline, judgedUpTo, null, null, outcome, traceparent, extension);
    }

    public DriftWatch withBaseline(BaselineStatus status) {
        return new DriftWatch(verification, stage, phaseStart, samples, memoryLimitBytes, status, judgedUpTo,
                failingSince, lastError, outcome, traceparent, extension);
    }

    /** The provider failed at {@code now}; the outage start is kept from its first failure. */
    public DriftWatch failing(Instant now, String error) {
        return new DriftWatch(verification, stage, phaseStart, samples, memoryLimitBytes, baseline, judgedUpTo,
                failingSince == null ? now : failingSince, error, outcome, traceparent, extension);
    }

    public DriftWatch judged(long lookEpochSecond) {
        return new DriftWatch(verification, stage, phaseStart, samples, memoryLimitBytes, baseline, lookEpochSecond,
                failingSince, lastError, outcome, traceparent, extension);
    }

    public DriftWatch finished(PhaseOutcome result) {
        return new DriftWatch(verification, Stage.FINISHED, phaseStart, samples, memoryLimitBytes, baseline,
                judgedUpTo, failingSince, lastError, result, traceparent, extension);
    }

    /** How much longer than configured the phase watches ({@link Duration#ZERO} unless extended). */
    public Duration extendedBy() {
        return PhaseExtension.orNone(extension).extendedBy();
    }

    /** The watch with {@code newExtension}: its phase ends that much later. */
    public DriftWatch extended(PhaseExtension newExtension) {
        return new DriftWatch(verification, stage, phaseStart, samples, memoryLimitBytes, baseline, judgedUpTo,
                failingSince, lastError, outcome, traceparent, newExtension);
    }

    /** The watch after an operator's ABORT: finished, with no result. */
    public DriftWatch aborted() {
        return new DriftWatch(verification, Stage.FINISHED, phaseStart, samples, memoryLimitBytes, baseline,
                judgedUpTo, failingSince, lastError, null, traceparent, extension);
    }
}
