package io.postflight.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of the verifier's own threads in a JVM that also runs the broker and the stub targets:
 * its stream threads, its round timer, its probe client's threads and the HTTP client's selector. Virtual threads
 * (the probe client's address look-ups) run on carrier threads that are counted too, which the
 * stubs do not use (the common pool is counted too; the broker barely uses it). GC and JIT threads
 * are not counted, so probes per CPU-second computed from it are an upper bound. A thread that
 * ended keeps the CPU time last read for it.
 */
final class CpuClock {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long startedNanos = System.nanoTime();
    private final Map<Long, Long> firstCpu = new HashMap<>();
    private final Map<Long, Long> lastCpu = new HashMap<>();
    private long lastTotal;
    private long lastAt = startedNanos;

    CpuClock() {
        threads.setThreadCpuTimeEnabled(true);
        lastTotal = verifierCpuNanos(true);
    }

    private static boolean verifiers(String name) {
        return name.contains("StreamThread") || name.startsWith("health-probe") || name.startsWith("HttpClient")
                || name.startsWith("ForkJoinPool") || name.startsWith("health-round-timer");
    }

    /** Sum over the verifier's threads, living or ended, of CPU used since this clock started. */
    private long verifierCpuNanos(boolean atStart) {
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null || !verifiers(t.getThreadName())) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(t.getThreadId());
            if (cpu < 0) {
                continue;
            }
            if (atStart) {
                firstCpu.put(t.getThreadId(), cpu);
            }
            lastCpu.put(t.getThreadId(), cpu);
        }
        long sum = 0;
        for (Map.Entry<Long, Long> e : lastCpu.entrySet()) {
            sum += e.getValue() - firstCpu.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }

    /** Cores the verifier kept busy on average since the last call. */
    double coresSinceLast() {
        long total = verifierCpuNanos(false);
        long now = System.nanoTime();
        double cores = (total - lastTotal) / (double) Math.max(1, now - lastAt);
        lastTotal = total;
        lastAt = now;
        return cores;
    }

    double verifierSecondsTotal() {
        return verifierCpuNanos(false) / 1e9;
    }

    /** Heap in use after a full collection (the whole JVM's). */
    static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
