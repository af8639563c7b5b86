package io.postflight.verdict.rollback;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * One rollback Postflight decided, and whether the slot is back on a healthy version.
 *
 * @param deploymentId the deployment rolled back
 * @param service its service
 * @param environment its environment
 * @param version the version rolled back
 * @param target the version to go back to (the deployment's previous version), {@code null} when the
 *     deploy event did not name it
 * @param decidedAt when the ROLLBACK was decided
 * @param state where it stands
 * @param by the deployment that brought the slot back or is doing so (the announced rollback, or a
 *     newer fix), {@code null} while WAITING
 * @param byVersion that deployment's version
 * @param completedAt when that deployment was promoted (COMPLETED only)
 * @param onTarget whether the slot went back to {@code target} rather than to another version
 *     ({@code null} when either is unknown)
 * @param overdue not COMPLETED by {@code decidedAt + deadline}
 * @param summary what an on-call engineer needs, in one sentence
 */
public record RollbackStatus(String deploymentId, String service, String environment, String version,
                             @Nullable String target, Instant decidedAt, RollbackState state, @Nullable String by,
                             @Nullable String byVersion, @Nullable Instant completedAt, @Nullable Boolean onTarget,
                             boolean overdue, String summary) {
}
