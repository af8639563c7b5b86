package io.postflight.health;

import java.util.PriorityQueue;
import java.util.function.LongConsumer;

/**
 * Starts a verification's next probe round at its due time. The stream thread arms the round when
 * it folds the previous one in; the timer starts it on time whatever the stream thread is doing
 * then (committing, reading a burst of deploy events, folding other rounds), so a round's start
 * does not depend on the punctuator's tick. The task only sends probes and queues their outcome:
 * every state change stays on the stream thread.
 */
public interface RoundTimer {

    /**
     * Runs {@code task} at wall-clock {@code dueMillis}, at once when that is past; the task is given
     * the time it runs at.
     */
    Armed at(long dueMillis, LongConsumer task);

    /** Called on every tick of the stream thread; timers that run on their own do nothing. */
    default void onTick(long nowMillis) {
    }

    /** A task not run yet. */
    interface Armed {
        /** It will not run (it may be running already). */
        void cancel();
    }

    /**
     * Runs due tasks on the stream thread's tick, as the verifier did before it had its own timer:
     * a round starts up to a tick late. For tests driven by Kafka's test driver, whose wall clock is
     * the driver's.
     */
    static RoundTimer onTicks() {
        return new OnTicks();
    }

    /** {@link #onTicks()}: a queue by due time, drained on the tick. Stream thread only. */
    final class OnTicks implements RoundTimer {
        private final PriorityQueue<Entry> queue = new PriorityQueue<>();
        private long sequence;

        private record Entry(long dueMillis, long sequence, LongConsumer task, boolean[] cancelled)
                implements Comparable<Entry> {
            @Override
            public int compareTo(Entry o) {
                int byDue = Long.compare(dueMillis, o.dueMillis);
                return byDue != 0 ? byDue : Long.compare(sequence, o.sequence);
            }
        }

        @Override
        public Armed at(long dueMillis, LongConsumer task) {
            boolean[] cancelled = {false};
            queue.add(new Entry(dueMillis, sequence++, task, cancelled));
            return () -> cancelled[0] = true;
        }

        @Override
        public void onTick(long nowMillis) {
            while (!queue.isEmpty() && queue.peek().dueMillis() <= nowMillis) {
                Entry e = queue.poll();
                if (!e.cancelled()[0]) {
                    e.task().accept(nowMillis);
                }
            }
        }
    }
}
