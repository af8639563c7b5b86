package io.postflight.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The two round timers: on the stream thread's ticks (tests), and the service's own thread. */
class RoundTimerTest {

    @Test
    void onTicksRunsWhatIsDueInDueOrderGivingTheTickTimeAndSkipsTheCancelled() {
        RoundTimer timer = RoundTimer.onTicks();
        List<String> ran = new ArrayList<>();
        timer.at(300, now -> ran.add("c@" + now));
        timer.at(100, now -> ran.add("a@" + now));
        RoundTimer.Armed cancelled = timer.at(200, now -> ran.add("b@" + now));
        cancelled.cancel();

        timer.onTick(99);
        assertThat(ran).isEmpty();
        timer.onTick(250);
        assertThat(ran).containsExactly("a@250");
        timer.onTick(1000);
        assertThat(ran).containsExactly("a@250", "c@1000");
    }

    @Test
    void theServicesTimerRunsATaskNotBeforeItsDueTimeAndACancelledOneNeverAndLeavesItsHeap() throws Exception {
        List<Long> ranAt = new CopyOnWriteArrayList<>();
        List<String> cancelledRan = new CopyOnWriteArrayList<>();
        try (ScheduledRoundTimer timer = new ScheduledRoundTimer()) {
            long due = System.currentTimeMillis() + 200;
            timer.at(due, ranAt::add);
            RoundTimer.Armed later = timer.at(due + 300, now -> cancelledRan.add("ran"));
            timer.at(due, now -> {
                throw new IllegalStateException("a failing task does not stop the timer");
            });
            later.cancel();
            assertThat(timer.armed()).isLessThanOrEqualTo(2);

            await().atMost(Duration.ofSeconds(30)).until(() -> ranAt.size() == 1);
            assertThat(ranAt.get(0)).isGreaterThanOrEqualTo(due);
            long after = System.currentTimeMillis() + 100;
            timer.at(after, ranAt::add);
            await().atMost(Duration.ofSeconds(30)).until(() -> ranAt.size() == 2);
            // Past the cancelled task's due time by now: it did not run.
            await().atMost(Duration.ofSeconds(30)).until(() -> System.currentTimeMillis() > due + 600);
            assertThat(cancelledRan).isEmpty();
            assertThat(timer.armed()).isZero();
        }
    }
}
