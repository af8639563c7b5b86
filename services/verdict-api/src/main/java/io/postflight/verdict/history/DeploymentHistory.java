package io.postflight.verdict.history;

import io.micronaut.core.annotation.Nullable;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Verdict;
import io.postflight.contracts.VerdictState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything known about one deployment: the deploy event it came from, the verification that
 * started, every phase result (outcome, summary, evidence, timestamps), every decision (reasons,
 * evidence), every override (applied or refused) and the current verdict. The verdicts topic is compacted, so this history is kept from
 * the other topics' records as they pass.
 *
 * @param deployment the deployment
 * @param deployEvent the deploy event it came from
 * @param action what the CD system announced; {@code null} until the verification is seen
 * @param plannedPhases the phases the verification runs, in order
 * @param startedAt when verification began; {@code null} until the verification is seen
 * @param receivedAt when the deploy event reached Postflight, if known
 * @param phaseResults every phase result, in the order they came
 * @param decisions every decision, in the order they came
 * @param overrides every override of this deployment as its audit record (who, when, what, why,
 *     applied or refused and why, the verdict before and after), in the order they were recorded
 * @param verdict the latest verdict, {@code null} before the first one
 * @param updatedAt the time of the newest record in this history
 */
public record DeploymentHistory(DeploymentRef deployment, @Nullable EventRef deployEvent, @Nullable DeployAction action,
                                List<Phase> plannedPhases, @Nullable Instant startedAt, @Nullable Instant receivedAt,
                                List<PhaseResult> phaseResults, List<Decision> decisions,
                                List<AuditRecord> overrides, @Nullable Verdict verdict, Instant updatedAt) {

    public DeploymentHistory {
        Objects.requireNonNull(deployment, "deployment");
        plannedPhases = plannedPhases == null ? List.of() : List.copyOf(plannedPhases);
        phaseResults = phaseResults == null ? List.of() : List.copyOf(phaseResults);
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
        overrides = overrides == null ? List.of() : List.copyOf(overrides); // absent in histories written before
    }

    /** An empty history of {@code deployment}. */
    public static DeploymentHistory of(DeploymentRef deployment) {
        return new DeploymentHistory(deployment, null, null, List.of(), null, null, List.of(), List.of(), List.of(), null,
                null);
    }

    /** The current state: the verdict's, or VERIFYING before the first verdict. */
    public VerdictState state() {
        return verdict == null ? VerdictState.VERIFYING : verdict.state();
    }

    /**
     * The time lists are ordered and filtered by: when verification began, else (its record not
     * seen, e.g. past retention) the newest record's time.
     */
    @JsonIgnore
    public Instant since() {
        if (startedAt != null) {
            return startedAt;
        }
        return updatedAt != null ? updatedAt : Instant.EPOCH;
    }

    @JsonIgnore
    public String deploymentId() {
        return deployment.deploymentId();
    }
}
