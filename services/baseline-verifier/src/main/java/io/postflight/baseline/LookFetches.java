package io.postflight.baseline;

import io.micrometer.core.instrument.Timer;
import io.postflight.kafka.RecordMetrics;
import io.postflight.metrics.TrafficMetricsProvider;
import java.time.Duration;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * The fetches of one processor's statistical looks and fast checks: started through
 * {@link TrafficLook} off the stream thread, at most one of each kind in flight per deployment,
 * and handed back to the stream thread as {@link Finished} looks to judge.
 */
final class LookFetches {

    /**
     * A fetch that finished: a fast check's or a statistical look's, with the window it is judged on.
     *
     * @param failure why the fetch failed, {@code null} when {@code data} is there
     */
    record Finished(String slot, String deploymentId, boolean fast, long startedAtMillis, Duration window,
                    TrafficLook.Data data, String failure) {
    }

    private final TrafficLook look;
    private final RecordMetrics metrics;
    private final Queue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    LookFetches(TrafficMetricsProvider provider, Executor executor, Duration timeout, RecordMetrics metrics) {
        this(new TrafficLook(provider, executor, timeout), metrics);
    }

    LookFetches(TrafficLook look, RecordMetrics metrics) {
        this.look = look;
        this.metrics = metrics;
    }

    String providerName() {
        return look.providerName();
    }

    boolean inFlight(String slot, BaselineVerification v, boolean fast) {
        return inFlight.contains(key(slot, v, fast));
    }

    /** A fetch that never started (its start threw): no longer in flight. */
    void forget(String slot, BaselineVerification v, boolean fast) {
        inFlight.remove(key(slot, v, fast));
    }

    /** The next finished fetch, or {@code null}. */
    Finished poll() {
        return finished.poll();
    }

    /** Fetches {@code [start, end)} on {@code step}, with the previous version's {@code window} before it. */
    void start(String slot, BaselineVerification v, long nowMillis, boolean fast, long start, long end,
               Duration step, Duration window) {
        String key = key(slot, v, fast);
        inFlight.add(key);
        long began = System.nanoTime();
        int windowSteps = (int) Math.ceil((double) window.toSeconds() / step.toSeconds());
        look.fetch(v.deployment(), start, end, step, windowSteps, !fast).whenComplete((data, error) -> {
            Timer.builder("postflight.baseline.look.latency").description("time to fetch one look's traffic")
                    .tag("provider", look.providerName()).tag("outcome", error == null ? "ok" : "failed")
                    .register(metrics.registry()).record(Duration.ofNanos(System.nanoTime() - began));
            finished.add(new Finished(slot, v.deploymentId(), fast, nowMillis, window, data, error == null ? null
                    : TrafficLook.message(error)));
            inFlight.remove(key);
        });
    }

    private static String key(String slot, BaselineVerification v, boolean fast) {
        return slot + "#" + v.deploymentId() + (fast ? "#fast" : "#look");
    }
}
