package io.postflight.judge.drift;

import io.postflight.metrics.ResourceSeries;

/** The gauges the drift judge watches, how each is reduced to blocks, and how it is written. */
public enum DriftResource {
    /** Working-set memory; its block minimum is the floor after GC, which is what a leak raises. */
    MEMORY("memory-trend", "memory floor", Aggregate.MIN),
    /** CPU in cores; the block median ignores brief spikes. */
    CPU("cpu-trend", "CPU", Aggregate.MEDIAN),
    /** Disk used, with reclaimed drops (log rotation, clean-ups) taken out: see {@link ReclaimedGrowth}. */
    DISK("disk-trend", "disk growth", Aggregate.MEDIAN);

    /** How a block of samples becomes one value. */
    public enum Aggregate { MIN, MAX, MEDIAN }

    private final String check;
    private final String label;
    private final Aggregate aggregate;

    DriftResource(String check, String label, Aggregate aggregate) {
        this.check = check;
        this.label = label;
        this.aggregate = aggregate;
    }

    /** The evidence check name, e.g. {@code memory-trend}. */
    public String check() {
        return check;
    }

    /** Words for a summary, e.g. "memory floor". */
    public String label() {
        return label;
    }

    public Aggregate aggregate() {
        return aggregate;
    }

    /** This resource's raw samples in {@code s}. */
    public double[] samples(ResourceSeries s) {
        return switch (this) {
            case MEMORY -> s.memoryBytes();
            case CPU -> s.cpuCores();
            case DISK -> s.diskBytes();
        };
    }

    /** A value in this resource's unit, e.g. "38 MiB" or "0.42 cores". */
    public String format(double value) {
        return this == CPU ? Quantities.cores(value) : Quantities.bytes(value);
    }

    /** A signed rate per hour, e.g. "+38 MiB/h". */
    public String formatRate(double perHour) {
        return (perHour >= 0 ? "+" : "-") + format(Math.abs(perHour)) + "/h";
    }
}
