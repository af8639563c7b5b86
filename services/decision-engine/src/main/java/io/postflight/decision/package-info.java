/**
 * The decision engine: folds each deployment's phase results into ROLLBACK, PROMOTE or HOLD by its
 * rules, publishes exactly one decision, the slot's verdict and an alert, and holds deployments
 * whose phases fall silent.
 */
package io.postflight.decision;
