package io.postflight.verdict.delivery;

import java.time.Instant;
import java.util.List;

/**
 * The delivery figures of a window: every slot with a deployment in it, and their total.
 *
 * @param from the window's start (inclusive): verification began at or after
 * @param to the window's end (exclusive)
 * @param total all the slots together
 * @param slots each slot, by service then environment
 */
public record DeliveryReport(Instant from, Instant to, SlotFigures total, List<SlotFigures> slots) {
    public DeliveryReport {
        slots = List.copyOf(slots);
    }
}
