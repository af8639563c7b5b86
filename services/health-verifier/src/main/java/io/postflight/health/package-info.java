/**
 * The health verifier: probes every instance's liveness and readiness in rounds during the health
 * phase, off the stream thread, lets the health judge decide, and publishes the HEALTH phase
 * result.
 */
package io.postflight.health;
