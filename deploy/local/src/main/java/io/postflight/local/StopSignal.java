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
 *
 * <p>The signal interrupts the command's thread (the demo may be waiting anywhere). That interrupt
 * must land before the thread starts closing: one arriving during the close stopped the broker's
 * shutdown half-way and the stop line was never printed. So the stop is marked, the thread
 * interrupted, and only then is the stop <em>delivered</em>; {@link #await()} and {@link #settle()}
 * wait for the delivery and clear the interrupt, and after {@link #settle()} (which closing code
 * calls first, start-up failures included) no signal interrupts the thread again.
 */
final class StopSignal {
    private final CountDownLatch delivered = new CountDownLatch(1);
    private final Thread worker;
    private boolean received; // guarded by this
    private boolean interruptible = true; // guarded by this: false once the worker settled to close
    private final java.util.List<Runnable> beforeInterrupt = new java.util.concurrent.CopyOnWriteArrayList<>();

    private StopSignal(Thread worker) {
        this.worker = worker;
    }

    /** Handles SIGTERM and SIGINT from now on: marks the stop and interrupts {@code worker}. */
    static StopSignal install(Thread worker) {
        StopSignal s = installFor(worker);
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), sig -> s.stop());
            } catch (IllegalArgumentException e) {
                // The platform does not know this signal (or -Xrs is set): the JVM's default applies.
            }
        }
        return s;
    }

    /** A stop for {@code worker} that no signal triggers yet (tests call {@link #stop()}). */
    static StopSignal installFor(Thread worker) {
        return new StopSignal(worker);
    }

    /**
     * Runs {@code action} when a stop arrives, just before the worker is interrupted: what the
     * interrupt will break (the embedded broker's start-up, say) can be told that it was asked to.
     */
    void beforeInterrupt(Runnable action) {
        beforeInterrupt.add(action);
    }

    /** What a signal does; package-private so a test can stop without sending one. */
    synchronized void stop() {
        if (!received) {
            received = true;
            if (interruptible) {
                beforeInterrupt.forEach(Runnable::run);
                worker.interrupt();
            }
            delivered.countDown();
        }
    }

    synchronized boolean received() {
        return received;
    }

    /** Blocks until a stop signal arrives; returns with the worker's interrupt cleared. */
    void await() {
        awaitDelivery();
    }

    /**
     * Before closing: no stop interrupts the worker from now on, and when one was received, its
     * interrupt is cleared, so the close runs uninterrupted. A stop received later is still
     * {@link #received()}. Leaves an interrupt of another origin alone when no stop was received.
     */
    void settle() {
        boolean stopped;
        synchronized (this) {
            interruptible = false;
            stopped = received;
        }
        if (stopped) {
            awaitDelivery();
        }
    }

    private void awaitDelivery() {
        boolean waiting = true;
        while (waiting) {
            try {
                delivered.await();
                waiting = false;
            } catch (InterruptedException e) {
                // The stop interrupts the worker before it is delivered; the latch is what counts.
            }
        }
        Thread.interrupted();
    }
}
