package io.postflight.kafka;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.postflight.contracts.OverrideCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How much longer an operator made one deployment's phase, kept in the verifier's store entry of
 * that deployment (so it is restored with it from the changelog): the sum of the applied EXTENDs of
 * the phase and their override ids. An id already counted adds nothing, so an audit record read
 * again (a replay after a crash outside exactly-once, a re-delivery) never lengthens a phase twice.
 * A new deployment of the slot starts with {@link #NONE}.
 *
 * @param extendedBy how much later the phase ends than configured
 * @param overrideIds the EXTENDs counted, oldest first; at most {@link #MAX_IDS} (each EXTEND adds
 *     at most {@link OverrideCommand#MAX_EXTENSION}, so that many is more than any phase will get)
 */
public record PhaseExtension(@JsonFormat(shape = JsonFormat.Shape.STRING) Duration extendedBy,
                             List<String> overrideIds) {
    public static final int MAX_IDS = 100;
    public static final PhaseExtension NONE = new PhaseExtension(Duration.ZERO, List.of());

    public PhaseExtension {
        extendedBy = extendedBy == null ? Duration.ZERO : extendedBy;
        overrideIds = overrideIds == null ? List.of() : List.copyOf(overrideIds);
    }

    /** {@code extension}, or {@link #NONE} for an entry stored before extensions (or never extended). */
    public static PhaseExtension orNone(PhaseExtension extension) {
        return extension == null ? NONE : extension;
    }

    /** Whether the EXTEND {@code overrideId} is already counted. */
    public boolean counts(String overrideId) {
        return overrideIds.contains(overrideId);
    }

    /** This extension with the applied EXTEND {@code o} added; unchanged when it is already counted. */
    public PhaseExtension plus(OverrideCommand o) {
        if (counts(o.overrideId())) {
            return this;
        }
        List<String> ids = new ArrayList<>(overrideIds);
        ids.add(o.overrideId());
        while (ids.size() > MAX_IDS) {
            ids.removeFirst();
        }
        return new PhaseExtension(extendedBy.plus(o.extendBy()), ids);
    }
}
