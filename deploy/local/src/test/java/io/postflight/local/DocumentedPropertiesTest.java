package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.ConfigurationReader;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.io.service.SoftServiceLoader;
import io.micronaut.core.naming.NameUtils;
import io.micronaut.core.type.Argument;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.BeanDefinitionReference;
import io.postflight.baseline.BaselineMetricsSource;
import io.postflight.drift.DriftMetricsSource;
import io.postflight.provider.source.MetricsSource;
import io.postflight.provider.source.MetricsSourceBinder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code postflight.*} property the user documentation names (docs/configuration.md and
 * docs/alerting.md above all; also the READMEs, runbooks and the other pages) is read by the code: a component of a {@code @ConfigurationProperties} record (found as Micronaut finds
 * it), a placeholder of the packaged YAML, a property the metrics-source binder reads (checked by
 * binding it), or the launcher's own switch. Each property's environment variable is its derived
 * form. A property removed or renamed in code fails here until the docs follow.
 */
class DocumentedPropertiesTest {
    private static final Pattern TICKED = Pattern.compile("`([^`]+)`");
    private static final Pattern ENV = Pattern.compile("`(POSTFLIGHT_[A-Z0-9_]+)`");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(postflight\\.[a-z0-9.\\-]+)");
    private static final List<String> SERVICES = List.of("gateway", "health", "baseline", "drift", "decision");
    private static final Map<String, MetricsSource> DEFAULTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** A property the docs name, where, and the environment variable given beside it. */
    record Documented(String name, String where, String env) {
    }

    @Test
    void everyDocumentedPropertyIsReadByTheCode() {
        Set<String> known = knownProperties();
        List<String> unknown = new ArrayList<>();
        List<Documented> documented = documented();
        assertThat(documented).as("properties found in the docs").hasSizeGreaterThan(100);
        Set<String> resolved = new TreeSet<>();
        List<Documented> prefixes = new ArrayList<>();
        for (Documented d : documented) {
            for (String name : expand(d.name())) {
                if (name.endsWith(".*")) {
                    prefixes.add(new Documented(name, d.where(), null));
                } else if (isKnown(name, known)) {
                    resolved.add(name);
                } else {
                    unknown.add(name + " (" + d.where() + ")");
                }
            }
        }
        // A group (`postflight.drift.metrics.scrape.*`) exists when the code reads something in it.
        for (Documented p : prefixes) {
            String group = p.name().substring(0, p.name().length() - 1);
            if (!isKnown(p.name(), known) && resolved.stream().noneMatch(r -> r.startsWith(group))) {
                unknown.add(p.name() + " (" + p.where() + ")");
            }
        }
        assertThat(unknown).as("documented properties no code reads").isEmpty();
    }

    @Test
    void everyDocumentedEnvironmentVariableIsThePropertysDerivedForm() {
        List<String> wrong = new ArrayList<>();
        for (Documented d : documented()) {
            if (d.env() != null && !d.name().contains("<") && !d.name().contains("{")) {
                String expected = d.name().toUpperCase().replace('.', '_').replace('-', '_');
                if (!expected.equals(d.env())) {
                    wrong.add(d.name() + " documented as " + d.env() + ", is " + expected + " (" + d.where() + ")");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** The extraction itself: a relative row takes its section's prefix, a sibling its neighbour's stem. */
    @Test
    void rowsTakeTheirSectionsPrefix() {
        List<Documented> found = documented("x.md", """
                ## `postflight.alpha.*` — a section
                | Property | Env | Default |
                | --- | --- | --- |
                | `probe-interval` | `POSTFLIGHT_ALPHA_PROBE_INTERVAL` | `10s` |
                | `queries.memory`, `.cpu` | | |
                ## Other
                Text naming `postflight.beta.gamma=true` and the topic `postflight.decisions`.
                """);
        assertThat(found).extracting(Documented::name).containsExactly("postflight.alpha.*",
                "postflight.alpha.probe-interval", "postflight.alpha.queries.memory", "postflight.alpha.queries.cpu",
                "postflight.beta.gamma", "postflight.decisions");
        assertThat(found.get(1).env()).isEqualTo("POSTFLIGHT_ALPHA_PROBE_INTERVAL");
    }

    static List<Documented> documented() {
        List<Documented> all = new ArrayList<>();
        for (Path doc : RepositoryDocs.userDocs()) {
            String name = RepositoryDocs.root().relativize(doc).toString();
            all.addAll(documented(name, RepositoryDocs.read(doc)).stream().filter(d -> !notAProperty(d.name())).toList());
        }
        return all;
    }

    static List<Documented> documented(String doc, String text) {
        List<Documented> found = new ArrayList<>();
        String prefix = null;
        boolean headingHadNames = false;
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = doc + ":" + (i + 1);
            if (line.startsWith("#")) {
                prefix = sectionPrefix(line);
                headingHadNames = line.contains("`");
            } else if (prefix == null && !headingHadNames && !line.startsWith("|")) {
                prefix = sectionPrefix(line);
            }
            if (line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                String env = envOf(cells);
                String previous = null;
                for (String token : ticked(cells[1])) {
                    String name = token.startsWith("postflight.") ? cut(token)
                            : token.startsWith(".") && previous != null
                            ? previous.substring(0, previous.lastIndexOf('.')) + token
                            : prefix != null && token.matches("[a-z][a-z0-9.<>\\-]*") ? prefix + "." + token : null;
                    if (name != null) {
                        found.add(new Documented(name, where, env));
                        previous = name;
                    }
                }
                for (int c = 2; c < cells.length; c++) {
                    ticked(cells[c]).stream().filter(t -> t.startsWith("postflight.")).map(DocumentedPropertiesTest::cut)
                            .forEach(n -> found.add(new Documented(n, where, null)));
                }
            } else {
                ticked(line).stream().filter(t -> t.startsWith("postflight.")).map(DocumentedPropertiesTest::cut)
                        .forEach(n -> found.add(new Documented(n, where, null)));
            }
        }
        return found;
    }

    private static String sectionPrefix(String line) {
        Matcher m = Pattern.compile("`(postflight\\.[^`\\s]*)\\.\\*`").matcher(line);
        return m.find() ? m.group(1) : null;
    }

    private static String envOf(String[] cells) {
        for (int c = 1; c < Math.min(cells.length, 3); c++) {
            Matcher m = ENV.matcher(cells[c]);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static List<String> ticked(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TICKED.matcher(text);
        while (m.find()) {
            tokens.add(m.group(1).strip());
        }
        return tokens;
    }

    /** The name alone: {@code postflight.keep-state=true} → {@code postflight.keep-state}. */
    private static String cut(String token) {
        String name = token.split("[=\\s]")[0];
        return name.endsWith(":") ? name.substring(0, name.length() - 1) : name;
    }

    /** Topics, dead-letter headers, schemas, file names and meters also start with {@code postflight.}. */
    private static boolean notAProperty(String name) {
        return io.postflight.contracts.Topics.all().stream().anyMatch(t -> t.name().equals(name))
                || name.startsWith("postflight.dlq.") || name.startsWith("postflight.records.")
                || name.contains("/") || name.matches(".*\\.(log|jar|yml|json|md)")
                || name.matches(".*[a-z0-9]\\{.*") || name.endsWith(".") || name.equals("postflight.*")
                || MeterNames.dotted().contains(name);
    }

    /** {@code <phase>}, {@code <name>} and {@code {a,b}} written out; a map key becomes {@code x7}; {@code [n]} → {@code [*]}. */
    static List<String> expand(String name) {
        List<String> out = new ArrayList<>();
        if (name.contains("<phase>")) {
            for (String phase : List.of("baseline", "drift")) {
                out.addAll(expand(name.replace("<phase>", phase)));
            }
        } else if (name.startsWith("postflight.streams.<name>")) {
            for (String service : SERVICES) {
                out.addAll(expand(name.replace("<name>", service)));
            }
        } else if (name.contains("{")) {
            int open = name.indexOf('{');
            int close = name.indexOf('}', open);
            for (String part : name.substring(open + 1, close).split(",")) {
                out.addAll(expand(name.substring(0, open) + part + name.substring(close + 1)));
            }
        } else {
            out.add(name.replaceAll("<[^>]+>", "x7").replace("[n]", "[*]"));
        }
        return out;
    }

    private static boolean isKnown(String name, Set<String> known) {
        if (name.endsWith(".*")) {
            String prefix = name.substring(0, name.length() - 2);
            return known.contains(prefix) || known.stream().anyMatch(k -> k.startsWith(prefix + "."))
                    || underMetricsSource(prefix) && boundByMetricsSource(prefix + ".x7");
        }
        if (known.contains(name) || known.stream().anyMatch(k -> k.endsWith(".*")
                && name.startsWith(k.substring(0, k.length() - 1)))) {
            return true;
        }
        return underMetricsSource(name) && boundByMetricsSource(name);
    }

    /** What the code reads: record components, YAML placeholders, the metrics-source prefixes, the launcher's switch. */
    static Set<String> knownProperties() {
        Set<String> known = new TreeSet<>();
        for (BeanDefinitionReference<?> ref : SoftServiceLoader.load(BeanDefinitionReference.class).collectAll()) {
            if (!ref.isPresent()) {
                continue;
            }
            String prefix = ref.getAnnotationMetadata().stringValue(ConfigurationReader.class, "prefix").orElse("");
            if (!prefix.startsWith("postflight")) {
                continue;
            }
            BeanDefinition<?> definition = ref.load();
            known.add(prefix);
            if (prefix.endsWith("[*]")) {
                known.add(prefix.substring(0, prefix.length() - 3));
            }
            for (Argument<?> component : definition.getConstructor().getArguments()) {
                String name = prefix + "." + NameUtils.hyphenate(component.getName());
                known.add(name);
                if (Map.class.isAssignableFrom(component.getType())) {
                    known.add(name + ".*");
                }
            }
        }
        for (Path yml : RepositoryDocs.files("services", ".yml")) {
            addPlaceholders(yml, known);
        }
        for (Path yml : RepositoryDocs.files("deploy/local/src/main", ".yml")) {
            addPlaceholders(yml, known);
        }
        known.add(BaselineMetricsSource.PREFIX);
        known.add(DriftMetricsSource.PREFIX);
        known.add(LocalStack.KEEP_STATE);
        return known;
    }

    private static void addPlaceholders(Path yml, Set<String> known) {
        if (yml.toString().contains("/src/main/resources/")) {
            Matcher m = PLACEHOLDER.matcher(RepositoryDocs.read(yml));
            while (m.find()) {
                known.add(m.group(1));
            }
        }
    }

    private static boolean underMetricsSource(String name) {
        return name.startsWith("postflight.baseline.") || name.startsWith("postflight.drift.");
    }

    /** Whether the metrics-source binder reads {@code name}: some value of it changes or fails the bound source. */
    static boolean boundByMetricsSource(String name) {
        String prefix = name.startsWith("postflight.baseline.") ? BaselineMetricsSource.PREFIX : DriftMetricsSource.PREFIX;
        MetricsSource defaults = DEFAULTS.computeIfAbsent(prefix, p -> bind(p, Map.of()));
        for (Map<String, Object> candidate : candidates(name)) {
            try {
                if (!bind(prefix, candidate).equals(defaults)) {
                    return true;
                }
            } catch (ConfigurationException e) {
                if (e.getMessage().contains(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Map<String, Object>> candidates(String name) {
        List<Map<String, Object>> candidates = new ArrayList<>();
        for (String value : List.of("scrape", "7s", "7", "http://h7.example:1", "x7", "s/e/v=http://h7.example:1/m")) {
            candidates.add(Map.of(name, value));
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(name + "[0].service", "s");
        entry.put(name + "[0].environment", "e");
        entry.put(name + "[0].version", "v");
        entry.put(name + "[0].urls", "http://h7.example:1/m");
        candidates.add(entry);
        return candidates;
    }

    private static MetricsSource bind(String prefix, Map<String, Object> properties) {
        try (ApplicationContext context = ApplicationContext.builder().properties(properties).build()) {
            Environment environment = context.getEnvironment().start();
            return MetricsSourceBinder.bind(environment, prefix);
        }
    }
}
