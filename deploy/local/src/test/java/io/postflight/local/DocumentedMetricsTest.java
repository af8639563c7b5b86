package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Postflight metric the docs, the runbooks, the alert rules and the dashboard name is one the
 * code registers, in its Prometheus form ({@code postflight_records_consumed_total}) or its
 * Micrometer form ({@code postflight.records.consumed{consumer}}). A meter renamed or removed in code
 * fails here until the docs, rules and dashboard follow.
 */
class DocumentedMetricsTest {
    private static final Pattern EXPORTED = Pattern.compile("\\bpostflight_[a-z0-9_]+");
    private static final Pattern DOTTED = Pattern.compile("`(postflight\\.[a-z0-9._]*[a-z0-9])\\{");

    @Test
    void everyMetricNamedInDocsRulesAndDashboardIsRegisteredByTheCode() {
        Set<String> exported = MeterNames.exported();
        Set<String> dotted = MeterNames.dotted();
        assertThat(dotted).as("meters found in the main sources").contains("postflight.records.consumed");
        List<String> unknown = new ArrayList<>();
        for (Path file : files()) {
            String text = RepositoryDocs.read(file);
            Matcher m = EXPORTED.matcher(text);
            while (m.find()) {
                String name = m.group();
                boolean known = name.endsWith("_")
                        ? exported.stream().anyMatch(e -> e.startsWith(name)) : exported.contains(name);
                if (!known) {
                    unknown.add(name + " (" + RepositoryDocs.root().relativize(file) + ")");
                }
            }
            Matcher d = DOTTED.matcher(text);
            while (d.find()) {
                if (!dotted.contains(d.group(1))) {
                    unknown.add(d.group(1) + " (" + RepositoryDocs.root().relativize(file) + ")");
                }
            }
        }
        assertThat(unknown).as("metrics named but not registered").isEmpty();
    }

    /** The sources' meter names are found however the registration is written. */
    @Test
    void registrationsAreRecognised() {
        assertThat(MeterNames.registered("""
                Counter.builder("postflight.a.b").description("x");
                registry.counter("postflight.c", "kind", k);
                Timer.builder(
                        "postflight.d.latency")
                """)).containsExactly("postflight.a.b", "postflight.c", "postflight.d.latency");
    }

    private static List<Path> files() {
        return Stream.of(
                RepositoryDocs.userDocs().stream(),
                RepositoryDocs.files("deploy/prometheus", ".yml").stream(),
                RepositoryDocs.files("deploy/k8s", ".yaml", ".yml").stream(),
                RepositoryDocs.files("deploy/grafana", ".json").stream())
                .flatMap(s -> s).toList();
    }
}
