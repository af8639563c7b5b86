package io.postflight.health;

import io.postflight.judge.health.ProbeObservation;
import java.util.List;

/**
 * A round's outcome, queued by the thread that ran it for the stream thread to fold in.
 *
 * @param nextDueMillis when the slot's next round is due
 * @param failure the verifier's own failure on this round (ends the verification inconclusive), or null
 */
record FinishedRound(String slot, String deploymentId, List<ProbeObservation> observations,
                     long nextDueMillis, RuntimeException failure) {
}
