package io.postflight.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamSlotsTest {
    private final StreamSlots slots = new StreamSlots(2);

    @Test
    void aSubjectHoldsAtMostItsSlotsAndGetsThemBackWhenStreamsEnd() {
        assertThat(slots.take("alice")).isTrue();
        assertThat(slots.full("alice")).isFalse();
        assertThat(slots.take("alice")).isTrue();
        assertThat(slots.full("alice")).isTrue();
        assertThat(slots.take("alice")).as("a third stream of the same subject").isFalse();
        assertThat(slots.take("bob")).as("another subject's streams are its own").isTrue();
        slots.release("alice");
        assertThat(slots.full("alice")).isFalse();
        assertThat(slots.take("alice")).isTrue();
        slots.release("alice");
        slots.release("alice");
        slots.release("alice"); // one release too many changes nothing
        assertThat(slots.open("alice")).isZero();
        assertThat(slots.open("bob")).isEqualTo(1);
    }
}
