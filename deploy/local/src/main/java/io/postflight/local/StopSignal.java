package io.postflight.local;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGTERM and Ctrl-C (SIGINT) for the launcher's long-running commands, taken before the JVM starts
 * shutting down. Stopping from a JVM shutdown hook raced the Kafka test kit's own hook, which
 * deletes the broker's log directory while the broker and the services still run: the broker
 * printed errors, halted the JVM before the stop line, and the state folder stayed behind. With the
 * signal handled here, the command's own thread closes everything in order (services, broker, state
 * folder), prints its stop line and only then lets the JVM exit.
 */
final class StopSignal {
    private final CountDownLatch received = new CountDownLatch(1);
    private final Thread worker;

    private StopSignal(Thread worker) {
        this.worker = worker;
    }

    /** Handles SIGTERM and SIGINT from now on: marks the stop and interrupts {@code worker}. */
    static StopSignal install(Thread worker) {
        StopSignal s = new StopSignal(worker);
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), sig -> s.stop());
            } catch (IllegalArgumentException e) {
                // The platform does not know this signal (or -Xrs is set): the JVM's default applies.
            }
        }
        return s;
    }

    private void stop() {
        if (received.getCount() > 0) {
            received.countDown();
            worker.interrupt();
        }
    }

    boolean received() {
        return received.getCount() == 0;
    }

    /** Blocks until a stop signal arrives. */
    void await() {
        while (!received()) {
            try {
                received.await();
            } catch (InterruptedException e) {
                // The handler interrupts the worker as well; the latch is what counts.
            }
        }
        Thread.interrupted();
    }
}
