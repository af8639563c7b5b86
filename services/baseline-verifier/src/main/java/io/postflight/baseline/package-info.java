/**
 * The baseline verifier: after HEALTH passes, looks at the candidate's traffic against the
 * previous version or a control on its look schedule, lets the baseline judge decide, and
 * publishes the BASELINE phase result. Fetching runs off the stream thread; state lives in a store
 * with a changelog.
 */
package io.postflight.baseline;
