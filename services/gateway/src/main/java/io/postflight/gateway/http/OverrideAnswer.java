package io.postflight.gateway.http;

import io.micronaut.core.annotation.Nullable;
import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.VerdictState;

/**
 * The body of a {@code 200} (applied) or {@code 202} (pending) answer to an override; a refused
 * override is a {@code 409} problem document instead. Fields without a value are left out.
 *
 * @param overrideId the override's id (the caller's, or the one the gateway made)
 * @param deploymentId the deployment overridden
 * @param slot its slot, {@code service/environment}
 * @param action what was asked, e.g. {@code RELEASE_HOLD to PROMOTE}
 * @param status {@code applied} or {@code pending}
 * @param detail when pending: where its audit record will appear
 * @param verdictBefore when applied: the state before
 * @param verdictAfter when applied: the state after
 * @param decisionId when applied and a decision was made: its id
 * @param audit when applied: the audit record (postflight.audit/1)
 */
record OverrideAnswer(String overrideId, String deploymentId, String slot, String action, String status,
                      @Nullable String detail, @Nullable VerdictState verdictBefore, @Nullable VerdictState verdictAfter, @Nullable String decisionId,
                      @Nullable AuditRecord audit) {
}
