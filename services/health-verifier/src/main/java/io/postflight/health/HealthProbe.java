package io.postflight.health;

import io.postflight.contracts.Target;
import io.postflight.judge.health.ProbeObservation;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Probes the instances of a deployment once. Must not block the caller: the verifier calls it
 * from a Kafka Streams thread and collects the result when the future completes.
 */
public interface HealthProbe {
    /**
     * @param deploymentId the deployment the targets belong to: per-target state (circuit breakers)
     *     is kept per deployment, so a version that failed does not hand an open breaker to the
     *     next version served at the same address
     */
    CompletableFuture<List<ProbeObservation>> probe(String deploymentId, List<Target> targets);

    /**
     * As {@link #probe(String, List)}, and runs {@code started} once, when the first of the
     * instances' calls actually begins (a probe that waits in a queue for a free slot has not
     * started): the verifier measures how late rounds start from it.
     */
    default CompletableFuture<List<ProbeObservation>> probe(String deploymentId, List<Target> targets,
                                                            Runnable started) {
        started.run();
        return probe(deploymentId, targets);
    }

    /**
     * How many more instances the probe can take now without refusing any (its queue's free places):
     * the verifier starts no more rounds than this, so a burst of due rounds waits, late, instead of
     * being refused as "verifier overloaded".
     */
    default int room() {
        return Integer.MAX_VALUE;
    }

    /** The deployment's verification is over: drop its per-target state. */
    default void release(String deploymentId, List<Target> targets) {
    }
}
