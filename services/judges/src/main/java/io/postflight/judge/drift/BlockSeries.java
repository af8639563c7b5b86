package io.postflight.judge.drift;

import java.util.Arrays;

/**
 * Gauge samples reduced to one value per fixed block of time. A block holding too few samples
 * (gaps, a provider outage) is NaN rather than a value computed from one stray sample.
 *
 * <p>Blocks are what the trend tests see: minute samples of a JVM's working set are dominated by
 * the GC saw-tooth, whose minimum per block (longer than a GC cycle) is the live heap after
 * collection; and adjacent minute samples are so correlated that testing them one by one would
 * count the same information many times.
 */
public final class BlockSeries {

    private BlockSeries() {
    }

    /**
     * Aggregates {@code samples} (sample i taken at {@code samplesStart + i * stepSeconds}) into
     * {@code blockCount} blocks, block j covering {@code [from + j*blockSeconds, from + (j+1)*blockSeconds)}.
     *
     * @param minCoverage fraction of the block's expected samples that must be present
     * @return one value per block, NaN where the block is not covered
     */
    public static double[] aggregate(double[] samples, long samplesStart, int stepSeconds, long from,
                                     int blockSeconds, int blockCount, DriftResource.Aggregate aggregate,
                                     double minCoverage) {
        double[] out = new double[Math.max(0, blockCount)];
        Arrays.fill(out, Double.NaN);
        if (blockCount <= 0 || samples.length == 0) {
            return out;
        }
        double expected = Math.max(1.0, (double) blockSeconds / stepSeconds);
        double[] buffer = new double[(int) Math.ceil(expected) + 1];
        for (int j = 0; j < blockCount; j++) {
            long blockStart = from + (long) j * blockSeconds;
            long blockEnd = blockStart + blockSeconds;
            // first sample index with time >= blockStart
            long first = Math.max(0, ceilDiv(blockStart - samplesStart, stepSeconds));
            int count = 0;
            for (long i = first; i < samples.length; i++) {
                long t = samplesStart + i * stepSeconds;
                if (t >= blockEnd) {
                    break;
                }
                double v = samples[(int) i];
                if (Double.isFinite(v)) {
                    if (count == buffer.length) {
                        buffer = Arrays.copyOf(buffer, buffer.length * 2);
                    }
                    buffer[count++] = v;
                }
            }
            if (count > 0 && count >= minCoverage * expected) {
                out[j] = reduce(buffer, count, aggregate);
            }
        }
        return out;
    }

    static double reduce(double[] v, int count, DriftResource.Aggregate aggregate) {
        switch (aggregate) {
            case MIN -> {
                double m = v[0];
                for (int i = 1; i < count; i++) {
                    m = Math.min(m, v[i]);
                }
                return m;
            }
            case MAX -> {
                double m = v[0];
                for (int i = 1; i < count; i++) {
                    m = Math.max(m, v[i]);
                }
                return m;
            }
            default -> {
                return TheilSen.median(Arrays.copyOf(v, count));
            }
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
