package io.postflight.judge.health;

/**
 * What the verifier knows of the discovery behind a verification's pods (ADR 0029 §5), as of the
 * snapshot it holds. The health phase passes only on a complete, fresh snapshot whose pods meet
 * the desired count.
 *
 * @param complete every cluster answered and the pods did not exceed {@code maxPods}
 * @param fresh the snapshot held is recent enough (newer than {@code resync} × 2)
 * @param desired the pods the new revision should have, or {@code null} if the workload does not say
 * @param progressDeadlineExceeded the controller gave up on the rollout (Deployment
 *     {@code ProgressDeadlineExceeded}, Rollout {@code Degraded})
 * @param problem one sentence on what is wrong with the snapshot, or {@code null}
 */
public record Discovery(boolean complete, boolean fresh, Integer desired, boolean progressDeadlineExceeded,
                        String problem) {

    /** No snapshot held: nothing is known, so nothing passes. */
    public static final Discovery UNKNOWN = new Discovery(false, false, null, false, "discovery did not answer");

    /** A complete, fresh snapshot expecting {@code desired} pods, with no problem. */
    public static Discovery complete(int desired) {
        return new Discovery(true, true, desired, false, null);
    }

    /** Why the snapshot cannot confirm the pods, or {@code null} if it can. */
    String doubt() {
        if (!complete) {
            return "discovery incomplete" + (problem == null ? "" : ": " + problem);
        }
        if (!fresh) {
            return "discovery stale: no snapshot within twice its resync" + (problem == null ? "" : " (" + problem + ")");
        }
        return null;
    }
}
