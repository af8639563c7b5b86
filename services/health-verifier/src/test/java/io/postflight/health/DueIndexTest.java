package io.postflight.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DueIndexTest {

    @Test
    void takesOnlyWhatIsDueEarliestFirstAndAtMostTheLimit() {
        DueIndex index = new DueIndex();
        index.schedule("c", 300);
        index.schedule("a", 100);
        index.schedule("b", 200);
        index.schedule("later", 10_000);

        assertThat(index.takeDue(250, 10)).containsExactly("a", "b");
        assertThat(index.takeDue(1_000, 10)).containsExactly("c");
        assertThat(index.takeDue(1_000, 10)).isEmpty();
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.takeDue(9_999, 10)).isEmpty();
        assertThat(index.takeDue(10_000, 10)).containsExactly("later");
    }

    @Test
    void theLimitLeavesTheRestDueForTheNextTake() {
        DueIndex index = new DueIndex();
        for (int i = 0; i < 5; i++) {
            index.schedule("s" + i, i);
        }
        assertThat(index.takeDue(100, 2)).containsExactly("s0", "s1");
        assertThat(index.takeDue(100, 2)).containsExactly("s2", "s3");
        assertThat(index.takeDue(100, 2)).containsExactly("s4");
    }

    @Test
    void reschedulingMovesASlotAndRemovingForgetsIt() {
        DueIndex index = new DueIndex();
        index.schedule("a", 100);
        index.schedule("b", 100);
        index.schedule("a", 500);
        index.remove("b");
        index.remove("never-scheduled");
        assertThat(index.contains("a")).isTrue();
        assertThat(index.contains("b")).isFalse();

        assertThat(index.takeDue(400, 10)).isEmpty();
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.takeDue(500, 10)).containsExactly("a");
        assertThat(index.size()).isZero();
    }

    @Test
    void slotsDueAtTheSameMomentAreAllKept() {
        DueIndex index = new DueIndex();
        index.schedule("x", 7);
        index.schedule("y", 7);
        assertThat(index.takeDue(7, 10)).containsExactlyInAnyOrder("x", "y");
    }
}
