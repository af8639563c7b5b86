package io.postflight.provider.scrape;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What one scrape of one instance said about one version, reduced to what the provider needs:
 * the counter series (by series key) and the gauges.
 *
 * @param atMillis when the page was read
 * @param processStartSeconds the process start time, {@code NaN} when not exposed
 * @param requests requests counter series
 * @param errors failed-requests counter series
 * @param bucketsByLeMillis cumulative latency bucket series by bound in milliseconds
 * @param cpuSeconds CPU seconds used since the process started, {@code NaN} when not exposed
 * @param memoryBytes memory in use, {@code NaN} when not exposed
 * @param diskBytes disk in use, {@code NaN} when not exposed
 * @param checkValues the custom checks' metrics present on the page: by name, the version's series
 */
public record InstanceReading(
        long atMillis,
        double processStartSeconds,
        Map<String, Double> requests,
        Map<String, Double> errors,
        Map<Double, Map<String, Double>> bucketsByLeMillis,
        double cpuSeconds,
        double memoryBytes,
        double diskBytes,
        Map<String, Map<String, Double>> checkValues) {

    /** A reading without custom checks' metrics. */
    public InstanceReading(long atMillis, double processStartSeconds, Map<String, Double> requests,
                           Map<String, Double> errors, Map<Double, Map<String, Double>> bucketsByLeMillis,
                           double cpuSeconds, double memoryBytes, double diskBytes) {
        this(atMillis, processStartSeconds, requests, errors, bucketsByLeMillis, cpuSeconds, memoryBytes, diskBytes,
                Map.of());
    }

    /** Series of one custom check metric a page may carry for a version; more and the metric is left out. */
    public static final int MAX_CHECK_SERIES = 1000;

    /** Picks the configured metrics of {@code version} out of a parsed page. */
    public static InstanceReading of(Exposition page, ScrapeConfig config, String version, long atMillis) {
        Map<String, Double> requests = new HashMap<>();
        Map<String, Double> errors = new HashMap<>();
        Map<Double, Map<String, Double>> buckets = new TreeMap<>();
        Map<String, Map<String, Double>> checks = new HashMap<>();
        Set<String> overflow = new HashSet<>();
        Pattern errorPattern = Pattern.compile(config.errorPattern());
        for (Sample s : page.samples()) {
            if (!ofVersion(s, config.versionLabel(), version) || Double.isNaN(s.value())) {
                continue;
            }
            if (s.name().equals(config.requestsMetric())) {
                requests.put(s.seriesKey(null), s.value());
                String status = s.labels().get(config.errorLabel());
                if (config.errorsMetric().isBlank() && status != null && errorPattern.matcher(status).matches()) {
                    errors.put(s.seriesKey(null), s.value());
                }
            } else if (!config.errorsMetric().isBlank() && s.name().equals(config.errorsMetric())) {
                errors.put(s.seriesKey(null), s.value());
            } else if (s.name().equals(config.latencyBucketMetric()) && s.labels().containsKey("le")) {
                double le = ExpositionParser.parseValue(s.labels().get("le")) * config.leToMillis();
                buckets.computeIfAbsent(le, k -> new HashMap<>()).put(s.seriesKey("le"), s.value());
            }
            if (config.checkMetrics().contains(s.name()) && !overflow.contains(s.name())) {
                Map<String, Double> series = checks.computeIfAbsent(s.name(), k -> new HashMap<>());
                series.put(s.seriesKey(null), s.value());
                if (series.size() > MAX_CHECK_SERIES) {
                    // A label per customer, say: kept, it would cost memory per scrape; cut, its sum
                    // would be wrong. Left out: no data, which never passes a check.
                    overflow.add(s.name());
                    checks.remove(s.name());
                }
            }
        }
        double memory = Double.NaN;
        for (String name : config.memoryMetrics()) {
            memory = sum(page, name, config.versionLabel(), version);
            if (!Double.isNaN(memory)) {
                break;
            }
        }
        return new InstanceReading(atMillis,
                first(page, config.processStartMetric()),
                requests, errors, buckets,
                sum(page, config.cpuSecondsMetric(), config.versionLabel(), version),
                memory,
                sum(page, config.diskMetric(), config.versionLabel(), version), checks);
    }

    private static boolean ofVersion(Sample s, String versionLabel, String version) {
        if (versionLabel.isBlank() || version == null) {
            return true;
        }
        String v = s.labels().get(versionLabel);
        return v == null || v.equals(version);
    }

    private static double sum(Exposition page, String name, String versionLabel, String version) {
        if (name.isBlank()) {
            return Double.NaN;
        }
        double total = Double.NaN;
        for (Sample s : page.named(name)) {
            if (ofVersion(s, versionLabel, version) && !Double.isNaN(s.value())) {
                total = Double.isNaN(total) ? s.value() : total + s.value();
            }
        }
        return total;
    }

    private static double first(Exposition page, String name) {
        return name.isBlank() ? Double.NaN
                : page.named(name).stream().mapToDouble(Sample::value).findFirst().orElse(Double.NaN);
    }
}
