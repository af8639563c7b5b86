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
    CompletableFuture<List<ProbeObservation>> probe(List<Target> targets);

    /** The verification of these targets is over: drop any per-target resources (clients). */
    default void release(List<Target> targets) {
    }
}
