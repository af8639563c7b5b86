package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A stop leaves the command's thread uninterrupted once it starts closing (the stop line depends on it). */
class StopSignalTest {

    @Test
    void afterAwaitTheWorkerCanCloseWithoutBeingInterrupted() throws Exception {
        AtomicBoolean interruptedWhileClosing = new AtomicBoolean(true);
        CountDownLatch waiting = new CountDownLatch(1);
        StopSignal[] signal = new StopSignal[1];
        Thread worker = new Thread(() -> {
            waiting.countDown();
            signal[0].await();
            try {
                Thread.sleep(200); // stands for closing the services and the broker
                interruptedWhileClosing.set(false);
            } catch (InterruptedException e) {
                interruptedWhileClosing.set(true);
            }
        });
        signal[0] = StopSignal.installFor(worker);
        worker.start();
        assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
        signal[0].stop();
        worker.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(interruptedWhileClosing).as("interrupted while closing").isFalse();
    }

    @Test
    void settleClearsTheStopsInterruptBeforeClosing() {
        StopSignal signal = StopSignal.installFor(Thread.currentThread());
        signal.stop();
        assertThat(Thread.currentThread().isInterrupted()).as("the stop interrupts the worker").isTrue();
        signal.settle();
        assertThat(signal.received()).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).as("interrupted after settle").isFalse();
    }

    @Test
    void settleWithoutAStopLeavesAnInterruptAlone() {
        StopSignal signal = StopSignal.installFor(Thread.currentThread());
        Thread.currentThread().interrupt();
        signal.settle();
        assertThat(Thread.interrupted()).isTrue();
        assertThat(signal.received()).isFalse();
    }

    @Test
    void aStopAfterSettleIsReceivedButInterruptsNothing() {
        StopSignal signal = StopSignal.installFor(Thread.currentThread());
        signal.settle();
        signal.stop();
        assertThat(signal.received()).isTrue();
        assertThat(Thread.interrupted()).as("interrupted while closing").isFalse();
    }

    @Test
    void whatMustKnowOfTheStopHearsOfItBeforeTheInterruptButNotOnceClosing() {
        StopSignal early = StopSignal.installFor(Thread.currentThread());
        AtomicBoolean toldBeforeInterrupt = new AtomicBoolean();
        early.beforeInterrupt(() -> toldBeforeInterrupt.set(!Thread.currentThread().isInterrupted()));
        early.stop();
        early.settle();
        assertThat(toldBeforeInterrupt).isTrue();

        StopSignal late = StopSignal.installFor(Thread.currentThread());
        AtomicBoolean told = new AtomicBoolean();
        late.beforeInterrupt(() -> told.set(true));
        late.settle();
        late.stop();
        assertThat(told).as("told while closing").isFalse();
    }
}
