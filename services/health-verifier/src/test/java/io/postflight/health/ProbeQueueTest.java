package io.postflight.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The verifier-wide cap on probes: a bounded number in flight, a bounded queue, refusal beyond. */
class ProbeQueueTest {

    @Test
    void runsAtMostTheCapQueuesUpToItsCapacityAndRefusesTheRestAtOnce() {
        ProbeQueue queue = new ProbeQueue(2, 1, Runnable::run);
        List<CompletableFuture<String>> running = new ArrayList<>();
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(queue.submit(() -> {
                CompletableFuture<String> probe = new CompletableFuture<>();
                running.add(probe);
                return probe;
            }));
        }
        assertThat(running).hasSize(2);
        assertThat(queue.inFlight()).isEqualTo(2);
        assertThat(queue.waiting()).isEqualTo(1);
        assertThat(results.get(3)).isCompletedExceptionally();
        assertThat(results.get(3).handle((v, e) -> e).join()).isInstanceOf(ProbeQueue.FullException.class);

        running.get(0).complete("first");
        assertThat(results.get(0).join()).isEqualTo("first");
        assertThat(running).as("the waiting probe starts when a slot frees").hasSize(3);
        running.get(1).completeExceptionally(new IllegalStateException("target gone"));
        running.get(2).complete("third");
        assertThat(results.get(2).join()).isEqualTo("third");
        assertThat(results.get(1).handle((v, e) -> e instanceof CompletionException ? e.getCause() : e).join())
                .hasMessage("target gone");
        assertThat(queue.inFlight()).isZero();
        assertThat(queue.waiting()).isZero();
    }

    @Test
    void aTaskThatThrowsFreesItsSlot() {
        ProbeQueue queue = new ProbeQueue(1, 0, Runnable::run);
        CompletableFuture<String> failed = queue.submit(() -> {
            throw new IllegalStateException("bad request");
        });
        assertThat(failed).isCompletedExceptionally();
        assertThat(queue.inFlight()).isZero();
        assertThat(queue.submit(() -> CompletableFuture.completedFuture("next")).join()).isEqualTo("next");
    }
}
