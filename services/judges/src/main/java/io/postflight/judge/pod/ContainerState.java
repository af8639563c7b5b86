package io.postflight.judge.pod;

import java.time.Instant;
import java.util.Objects;

/**
 * One container of a pod as Kubernetes reports it (init containers included).
 *
 * @param name the container's name
 * @param restarts its restart count, as the kubelet counts it since the pod started
 * @param waitingReason why it is waiting ({@code CrashLoopBackOff}, {@code ErrImagePull}, ...), or
 *     {@code null} when it is running or terminated
 * @param waitingSince when the verifier first saw it waiting for that reason, or {@code null}
 * @param lastTerminatedReason why it last terminated ({@code OOMKilled}, {@code Error}, ...), or {@code null}
 */
public record ContainerState(String name, int restarts, String waitingReason, Instant waitingSince,
                             String lastTerminatedReason) {

    public ContainerState {
        Objects.requireNonNull(name, "name");
        if (restarts < 0) {
            throw new IllegalArgumentException("restarts must not be negative: " + restarts);
        }
    }
}
