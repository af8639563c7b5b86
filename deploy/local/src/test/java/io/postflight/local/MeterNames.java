package io.postflight.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The meters Postflight's main code registers, read from the sources (a meter exists only once its
 * code path runs, so a running service would not show them all): each Micrometer name given to a
 * builder or to a registry, and the names Prometheus exports for it.
 */
final class MeterNames {
    private static final Pattern REGISTERED = Pattern.compile(
            "(?:Counter|Timer|Gauge|DistributionSummary|LongTaskTimer)\\.builder\\(\\s*\"(postflight\\.[a-z0-9._]+)\""
                    + "|\\.(?:counter|timer|gauge|summary)\\(\\s*\"(postflight\\.[a-z0-9._]+)\""
                    // The http-kit's refusal counter takes its surface's meter name.
                    + "|new RefusalCounter\\(\\s*\\w+,\\s*\"(postflight\\.[a-z0-9._]+)\"");
    private static final List<String> SUFFIXES = List.of("", "_total", "_seconds", "_seconds_count", "_seconds_sum",
            "_seconds_max", "_seconds_bucket", "_count", "_sum", "_max", "_bucket");

    private MeterNames() {
    }

    /** Micrometer names, e.g. {@code postflight.records.consumed}. */
    static Set<String> dotted() {
        Set<String> names = new TreeSet<>();
        for (Path source : RepositoryDocs.mainSources()) {
            names.addAll(registered(RepositoryDocs.read(source)));
        }
        return names;
    }

    static Set<String> registered(String source) {
        Set<String> names = new TreeSet<>();
        Matcher m = REGISTERED.matcher(source);
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        return names;
    }

    /** The Prometheus names of those meters, e.g. {@code postflight_records_consumed_total}. */
    static Set<String> exported() {
        Set<String> names = new TreeSet<>();
        for (String name : dotted()) {
            String base = name.replace('.', '_');
            SUFFIXES.forEach(s -> names.add(base + s));
        }
        return names;
    }
}
