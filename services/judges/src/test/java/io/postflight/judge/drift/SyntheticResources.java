package io.postflight.judge.drift;

import io.postflight.metrics.ResourceSeries;
import java.util.Random;

/**
 * Builds minute-sampled resource series with the noise real services show (GC saw-teeth, a daily
 * load cycle, jitter, log rotation) and, on request, a regression: a leak, CPU creep, disk growth,
 * a warm-up ramp. The baseline is the previous day of the same service, so its daily cycle lines
 * up with the candidate's.
 */
final class SyntheticResources {
    static final double MIB = 1024.0 * 1024.0;
    static final long DEPLOYED_AT = 1_767_268_800L;
    static final int STEP = 60;
    static final int DAY = 1440;

    double memoryBase = 800 * MIB;
    double dailyMemoryAmplitude = 20 * MIB;
    double gcAmplitude = 90 * MIB;
    int gcPeriodMinutes = 8;
    double cpuBase = 0.8;
    double dailyCpuAmplitude = 0.3;
    double diskBase = 6000 * MIB;
    double logBytesPerMinute = 0;
    int rotateEveryMinutes = 360;
    /** Shifts the candidate's rotation times, so they do not line up with the baseline's. */
    int candidateRotationOffsetMinutes = 0;
    Double memoryLimit = 2048 * MIB;

    /** The candidate's day is this much busier than the baseline's (scales the daily cycles). */
    double candidateLoadFactor = 1.0;

    double leakBytesPerHour = 0;
    /** The leak begins this many hours after the deployment. */
    double leakStartHours = 0;
    /** Added to the candidate's memory throughout (a version that needs more memory). */
    double candidateMemoryOffset = 0;
    /** Working-set samples never exceed the limit, as a cgroup's do not. */
    boolean clipAtLimit = false;
    double cpuCreepPerHour = 0;
    double diskGrowthBytesPerHour = 0;
    double warmupDeficit = 0;
    int warmupMinutes = 0;

    private final long seed;

    SyntheticResources(long seed) {
        this.seed = seed;
    }

    ResourceSeries baseline() {
        return build(DEPLOYED_AT - DAY * (long) STEP, DAY, false, new Random(seed));
    }

    ResourceSeries candidate() {
        return build(DEPLOYED_AT, DAY, true, new Random(seed + 1));
    }

    private ResourceSeries build(long start, int n, boolean isCandidate, Random rnd) {
        double[] mem = new double[n];
        double[] cpu = new double[n];
        double[] disk = new double[n];
        double logs = 0;
        double diskWalk = 0;
        for (int i = 0; i < n; i++) {
            long t = start + (long) i * STEP;
            double day = Math.sin(2 * Math.PI * ((t % 86_400) / 86_400.0)) * (isCandidate ? candidateLoadFactor : 1);
            double hours = i / 60.0;
            double m = memoryBase + dailyMemoryAmplitude * day + gcAmplitude * ((i % gcPeriodMinutes)
                    / (double) gcPeriodMinutes) + 3 * MIB * rnd.nextGaussian();
            double c = cpuBase + dailyCpuAmplitude * day + 0.03 * rnd.nextGaussian();
            diskWalk += 0.1 * MIB * rnd.nextGaussian();
            logs += logBytesPerMinute * (1 + 0.05 * rnd.nextGaussian());
            long minute = t / STEP + (isCandidate ? candidateRotationOffsetMinutes : 0);
            if (logBytesPerMinute > 0 && minute % rotateEveryMinutes == 0) {
                logs = 0;
            }
            double d = diskBase + diskWalk + logs;
            if (isCandidate) {
                m += leakBytesPerHour * Math.max(0, hours - leakStartHours) + candidateMemoryOffset;
                if (i < warmupMinutes) {
                    m -= warmupDeficit * (1 - i / (double) warmupMinutes);
                }
                c += cpuCreepPerHour * hours;
                d += diskGrowthBytesPerHour * hours;
            }
            mem[i] = clipAtLimit && memoryLimit != null ? Math.min(m, memoryLimit) : m;
            cpu[i] = Math.max(0, c);
            disk[i] = d;
        }
        return new ResourceSeries(start, STEP, mem, cpu, disk, memoryLimit);
    }

    /** Epoch seconds {@code hours} after the deployment. */
    static long at(double hours) {
        return DEPLOYED_AT + Math.round(hours * 3600);
    }

    /** The samples a judge may see at {@code hours} after the deployment. */
    static ResourceSeries visible(ResourceSeries candidate, double hours) {
        return candidate.prefix((int) Math.round(hours * 60));
    }
}
