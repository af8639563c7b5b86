package io.postflight.verdict.release;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A dated change freeze, written {@code 2026-12-21T00:00:00Z/2027-01-04T00:00:00Z year-end freeze}:
 * start (inclusive) and end (exclusive) instants, then why, which the gate's answer quotes.
 */
public record ChangeFreeze(Instant from, Instant to, String reason) {

    /** @throws IllegalArgumentException naming what is wrong with {@code text} */
    public static ChangeFreeze parse(String text) {
        String[] parts = text.strip().split("\\s+", 2);
        String[] range = parts[0].split("/", 2);
        if (range.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not a freeze such as"
                    + " '2026-12-21T00:00:00Z/2027-01-04T00:00:00Z year-end freeze'");
        }
        try {
            Instant from = Instant.parse(range[0]);
            Instant to = Instant.parse(range[1]);
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("'" + text + "' ends before it starts");
            }
            return new ChangeFreeze(from, to, parts.length == 2 ? parts[1].strip() : "change freeze");
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
        }
    }

    public boolean contains(Instant now) {
        return !now.isBefore(from) && now.isBefore(to);
    }
}
