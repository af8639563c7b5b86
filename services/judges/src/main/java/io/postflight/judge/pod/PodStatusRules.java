package io.postflight.judge.pod;

import io.postflight.judge.DurationWords;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The pod-status rules of the health phase (ADR 0029 §6): each names the pod, the container and
 * the reason, in the order an on-call engineer would look. Reasons Kubernetes will not clear by
 * itself fail at once; reasons that can clear (a registry hiccup, a node being added) fail after
 * their grace.
 */
public final class PodStatusRules {

    /** Waiting reasons that do not clear without a change: the version cannot start. */
    static final Set<String> FAIL_AT_ONCE = Set.of("CrashLoopBackOff", "ImagePullBackOff", "InvalidImageName",
            "CreateContainerConfigError");
    /** Waiting reasons that may clear by themselves, given {@link PodStatusPolicy#waitingGrace()}. */
    static final Set<String> FAIL_AFTER_GRACE = Set.of("ErrImagePull", "CreateContainerError");

    private PodStatusRules() {
    }

    /**
     * Why {@code pod} fails the phase at {@code now}, or {@code null} if its status does not.
     * "Not ready yet" is not a failure here: the phase's end decides it.
     */
    public static String failure(PodState pod, Instant now, PodStatusPolicy policy) {
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(policy, "policy");
        for (ContainerState c : pod.containers()) {
            String reason = c.waitingReason();
            if (reason != null && FAIL_AT_ONCE.contains(reason)) {
                return where(pod, c) + reason;
            }
            if (reason != null && FAIL_AFTER_GRACE.contains(reason) && c.waitingSince() != null) {
                Duration waited = Duration.between(c.waitingSince(), now);
                if (waited.compareTo(policy.waitingGrace()) >= 0) {
                    return where(pod, c) + reason + " for " + DurationWords.of(waited);
                }
            }
        }
        for (ContainerState c : pod.containers()) {
            int restarts = pod.restartsInPhase(c);
            if ("OOMKilled".equals(c.lastTerminatedReason()) && restarts > 0) {
                return where(pod, c) + "OOMKilled (" + times(restarts) + " in the phase)";
            }
            if (restarts >= policy.maxRestarts()) {
                return where(pod, c) + "restarted " + times(restarts) + " in the phase (" + policy.maxRestarts()
                        + " fail it)" + (c.lastTerminatedReason() == null ? "" : ", last ended " + c.lastTerminatedReason());
            }
        }
        if ("Failed".equals(pod.phase())) {
            return "pod " + pod.instance() + ": Failed";
        }
        if (pod.unschedulableSince() != null) {
            Duration pending = Duration.between(pod.unschedulableSince(), now);
            if (pending.compareTo(policy.unschedulableGrace()) > 0) {
                return "pod " + pod.instance() + ": unschedulable for " + DurationWords.of(pending);
            }
        }
        return null;
    }

    private static String where(PodState pod, ContainerState c) {
        return "pod " + pod.instance() + " container " + c.name() + ": ";
    }

    private static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }
}
