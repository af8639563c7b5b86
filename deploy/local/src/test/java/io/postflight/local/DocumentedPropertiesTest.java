package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code postflight.*} property the user documentation names (docs/configuration.md and
 * docs/alerting.md above all; also the READMEs, runbooks and the other pages) is read by the code
 * ({@link CodeProperties}), and each property's environment variable is its derived form. A property
 * removed or renamed in code fails here until the docs follow; so does a key of the packaged YAML
 * that no code reads.
 */
class DocumentedPropertiesTest {
    private static final Pattern TICKED = Pattern.compile("`([^`]+)`");
    private static final Pattern ENV = Pattern.compile("`(POSTFLIGHT_[A-Z0-9_]+)`");
    private static final List<String> SERVICES = List.of("gateway", "discovery", "health", "baseline", "drift", "decision");

    /** A property the docs name, where, the environment variable and the default given beside it. */
    record Documented(String name, String where, String env, String defaultValue) {
        Documented(String name, String where, String env) {
            this(name, where, env, null);
        }
    }

    @Test
    void everyDocumentedPropertyIsReadByTheCode() {
        Set<String> known = CodeProperties.knownProperties();
        List<String> unknown = new ArrayList<>();
        List<Documented> documented = documented();
        assertThat(documented).as("properties found in the docs").hasSizeGreaterThan(100);
        Set<String> resolved = new TreeSet<>();
        List<Documented> prefixes = new ArrayList<>();
        for (Documented d : documented) {
            for (String name : expand(d.name())) {
                if (name.endsWith(".*")) {
                    prefixes.add(new Documented(name, d.where(), null));
                } else if (CodeProperties.isKnown(name, known)) {
                    resolved.add(name);
                } else {
                    unknown.add(name + " (" + d.where() + ")");
                }
            }
        }
        // A group (`postflight.drift.metrics.scrape.*`) exists when the code reads something in it.
        for (Documented p : prefixes) {
            String group = p.name().substring(0, p.name().length() - 1);
            if (!CodeProperties.isKnown(p.name(), known) && resolved.stream().noneMatch(r -> r.startsWith(group))) {
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

    /** The packaged YAML (each service's, the launcher's, the demo's) sets no {@code postflight.*} key the code ignores. */
    @Test
    void everyPackagedSettingIsReadByTheCode() {
        Set<String> known = CodeProperties.knownProperties();
        List<String> unread = new ArrayList<>();
        List<Path> files = new ArrayList<>(RepositoryDocs.files("services", ".yml"));
        files.addAll(RepositoryDocs.files("deploy/local/src/main", ".yml"));
        int keys = 0;
        for (Path yml : files) {
            if (!yml.toString().contains("/src/main/resources/")) {
                continue;
            }
            Object tree = new org.yaml.snakeyaml.Yaml().load(RepositoryDocs.read(yml));
            Set<String> names = new TreeSet<>();
            if (tree instanceof Map<?, ?> map && map.get("postflight") != null) {
                flatten("postflight", map.get("postflight"), names);
            }
            for (String name : names) {
                keys++;
                if (!CodeProperties.isKnown(name, known)) {
                    unread.add(name + " (" + RepositoryDocs.root().relativize(yml) + ")");
                }
            }
        }
        assertThat(keys).as("postflight.* keys in the packaged YAML").isGreaterThan(40);
        assertThat(unread).as("packaged settings no code reads").isEmpty();
    }

    private static void flatten(String name, Object value, Set<String> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(name + "." + k, v, into));
        } else if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?>) {
            list.forEach(v -> flatten(name + "[*]", v, into));
        } else {
            into.add(name);
        }
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
        int defaultColumn = -1;
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = doc + ":" + (i + 1);
            if (line.startsWith("| ") && !line.startsWith("| `") && !line.startsWith("| ---")) {
                defaultColumn = List.of(line.split("\\|")).stream().map(String::strip).toList().indexOf("Default");
            }
            if (line.startsWith("#")) {
                prefix = sectionPrefix(line);
                headingHadNames = line.contains("`");
                defaultColumn = -1;
            } else if (prefix == null && !headingHadNames && !line.startsWith("|")) {
                prefix = sectionPrefix(line);
            }
            if (line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                String env = envOf(cells);
                List<String> defaults = defaultColumn > 0 && defaultColumn < cells.length
                        ? ticked(cells[defaultColumn]) : List.of();
                String defaultValue = defaults.isEmpty() ? null : defaults.get(0);
                String previous = null;
                for (String token : ticked(cells[1])) {
                    String name = token.startsWith("postflight.") ? cut(token)
                            : token.startsWith(".") && previous != null
                            ? previous.substring(0, previous.lastIndexOf('.')) + token
                            : prefix != null && token.matches("[a-z][a-z0-9.<>\\-]*") ? prefix + "." + token : null;
                    if (name != null) {
                        found.add(new Documented(name, where, env, defaultValue));
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

    /** Topics, dead-letter and origin headers, schemas, file names and meters also start with {@code postflight.}. */
    private static boolean notAProperty(String name) {
        return io.postflight.contracts.Topics.all().stream().anyMatch(t -> t.name().equals(name))
                || name.equals(io.postflight.verdict.stream.VerdictApiTopology.HISTORY.name()) // the API's own topics
                || name.equals(io.postflight.verdict.stream.VerdictApiTopology.GATE_RECORDS.name())
                || name.equals(io.postflight.verdict.stream.VerdictApiTopology.GATE_ANSWERS.name())
                || name.startsWith("postflight.dlq.") || name.startsWith("postflight.origin.")
                || name.startsWith("postflight.records.")
                || name.contains("/") || name.matches(".*\\.(log|jar|yml|json|md)")
                || name.matches(".*[a-z0-9]\\{.*") || name.endsWith(".") || name.equals("postflight.*")
                || MeterNames.dotted().contains(name) || TRACE_NAMES.contains(name);
    }

    /** Span and span attribute names of docs/tracing.md (ADR 0026): the tracing vocabulary, not settings. */
    private static final Set<String> TRACE_NAMES = Set.of("postflight.intake", "postflight.health.round",
            "postflight.baseline.look", "postflight.baseline.fast-check", "postflight.drift.look",
            "postflight.phase.result", "postflight.decision", "postflight.alert.send", "postflight.deployment.id",
            "postflight.slot", "postflight.phase", "postflight.intake.format", "postflight.health.observations",
            "postflight.outcome", "postflight.alert.id");

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
}
