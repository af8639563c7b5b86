package io.postflight.drift;

import io.postflight.metrics.ResourceSeries;
import java.util.Arrays;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The samples of the deployments being watched, in the {@link DriftPhaseProcessor#SAMPLES}
 * store: each deployment's slots in chunks of {@link #CHUNK} consecutive samples, plus the
 * previous version's window. A new sample rewrites only its chunk (about 1.5 KB), not the
 * whole day (24 h of one-minute samples is 1,440 × 3 doubles): every store write also goes to
 * the store's changelog topic, so the write size is what a day of watching costs in Kafka.
 *
 * <p>Keys: {@code slot|deploymentId|<chunk number>} and {@code slot|deploymentId|baseline};
 * values: {@link ResourceSeries} (NaN where the provider had no data).
 */
final class DriftSamples {
    /** Samples per chunk: an hour of one-minute samples. */
    static final int CHUNK = 60;

    private final KeyValueStore<String, ResourceSeries> store;

    DriftSamples(KeyValueStore<String, ResourceSeries> store) {
        this.store = store;
    }

    /**
     * Writes {@code count} samples from slot {@code first} on: the series' samples in order,
     * NaN for any the provider did not return.
     */
    void append(String slot, String deploymentId, int first, int count, ResourceSeries fetched) {
        int end = first + count;
        for (int chunk = first / CHUNK; chunk * CHUNK < end; chunk++) {
            int chunkStart = chunk * CHUNK;
            ResourceSeries old = store.get(key(slot, deploymentId, chunk));
            int length = Math.min(CHUNK, end - chunkStart);
            double[] memory = grow(old == null ? null : old.memoryBytes(), length);
            double[] cpu = grow(old == null ? null : old.cpuCores(), length);
            double[] disk = grow(old == null ? null : old.diskBytes(), length);
            for (int slotIndex = Math.max(first, chunkStart); slotIndex < chunkStart + length; slotIndex++) {
                int i = slotIndex - first;
                boolean has = fetched != null && i < fetched.steps();
                memory[slotIndex - chunkStart] = has ? fetched.memoryBytes()[i] : Double.NaN;
                cpu[slotIndex - chunkStart] = has ? fetched.cpuCores()[i] : Double.NaN;
                disk[slotIndex - chunkStart] = has ? fetched.diskBytes()[i] : Double.NaN;
            }
            store.put(key(slot, deploymentId, chunk), new ResourceSeries(0, 1, memory, cpu, disk, null));
        }
    }

    /** The first {@code count} samples as the judge's candidate series. */
    ResourceSeries candidate(String slot, String deploymentId, long startEpochSeconds, int stepSeconds, int count,
                             Double memoryLimitBytes) {
        double[] memory = nans(count);
        double[] cpu = nans(count);
        double[] disk = nans(count);
        for (int chunk = 0; chunk * CHUNK < count; chunk++) {
            ResourceSeries c = store.get(key(slot, deploymentId, chunk));
            if (c == null) {
                continue;
            }
            int n = Math.min(c.steps(), count - chunk * CHUNK);
            System.arraycopy(c.memoryBytes(), 0, memory, chunk * CHUNK, n);
            System.arraycopy(c.cpuCores(), 0, cpu, chunk * CHUNK, n);
            System.arraycopy(c.diskBytes(), 0, disk, chunk * CHUNK, n);
        }
        return new ResourceSeries(startEpochSeconds, stepSeconds, memory, cpu, disk, memoryLimitBytes);
    }

    void putBaseline(String slot, String deploymentId, ResourceSeries baseline) {
        store.put(baselineKey(slot, deploymentId), baseline);
    }

    ResourceSeries baseline(String slot, String deploymentId) {
        return store.get(baselineKey(slot, deploymentId));
    }

    /** Forgets a deployment's samples ({@code count} slots) and baseline. */
    void delete(String slot, String deploymentId, int count) {
        for (int chunk = 0; chunk * CHUNK < count; chunk++) {
            store.delete(key(slot, deploymentId, chunk));
        }
        store.delete(baselineKey(slot, deploymentId));
    }

    static String key(String slot, String deploymentId, int chunk) {
        return slot + "|" + deploymentId + "|" + chunk;
    }

    static String baselineKey(String slot, String deploymentId) {
        return slot + "|" + deploymentId + "|baseline";
    }

    /** Whether any memory, CPU or disk sample of {@code s} is a number. */
    static boolean anyFinite(ResourceSeries s) {
        return s != null && (Arrays.stream(s.memoryBytes()).anyMatch(Double::isFinite)
                || Arrays.stream(s.cpuCores()).anyMatch(Double::isFinite)
                || Arrays.stream(s.diskBytes()).anyMatch(Double::isFinite));
    }

    private static double[] grow(double[] old, int length) {
        double[] out = nans(Math.max(length, old == null ? 0 : old.length));
        if (old != null) {
            System.arraycopy(old, 0, out, 0, old.length);
        }
        return out;
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
