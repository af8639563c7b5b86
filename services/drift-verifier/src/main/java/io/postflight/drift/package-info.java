/**
 * The drift verifier: watches a promoted version for up to 24 h, samples memory, CPU and disk on a
 * fixed interval (off the stream thread), lets the drift judge look on its schedule, and publishes
 * the DRIFT phase result, a rollback after promotion when it fails.
 */
package io.postflight.drift;
