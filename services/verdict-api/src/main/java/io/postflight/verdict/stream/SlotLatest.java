package io.postflight.verdict.stream;

import java.time.Instant;

/**
 * The newest deployment of a slot, by its verification's start.
 *
 * @param deploymentId its id
 * @param startedAt when its verification began ({@code null} when only later records were seen)
 */
public record SlotLatest(String deploymentId, Instant startedAt) {

    /** Whether a deployment that began at {@code other} is newer than this one. */
    boolean olderThan(Instant other) {
        return other != null && (startedAt == null || other.isAfter(startedAt));
    }
}
