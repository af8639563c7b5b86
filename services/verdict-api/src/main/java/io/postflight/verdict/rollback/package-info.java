/**
 * Rollback verification: after a ROLLBACK decision, whether the slot got back to a healthy version
 * (the version rolled back to, announced as {@code service.rolledback} and promoted by its own
 * verification, or a newer fix promoted) within {@code postflight.verdict-api.rollback.deadline};
 * one that does not is exported for a critical alert. See docs/runbooks/rollback-incomplete.md.
 */
package io.postflight.verdict.rollback;
