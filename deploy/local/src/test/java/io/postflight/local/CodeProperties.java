package io.postflight.local;

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
import io.postflight.discovery.DiscoveryConfig;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code postflight.*} properties the code reads: the components of the
 * {@code @ConfigurationProperties} records (found as Micronaut finds them), the placeholders of the
 * packaged YAML, the launcher's switch, and what the metrics-source binder reads, which is found by
 * binding (a value of the property changes or fails the bound source).
 */
final class CodeProperties {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(postflight\\.[a-z0-9.\\-]+)");
    private static final Map<String, MetricsSource> DEFAULTS = new ConcurrentHashMap<>();

    private CodeProperties() {
    }

    /** Whether {@code name} (or, ending in {@code .*}, the group) is read, given {@link #knownProperties()}. */
    static boolean isKnown(String name, Set<String> known) {
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
            if (prefix.endsWith(".*")) {
                // @EachProperty entries: the docs name the map itself (postflight.policies)
                known.add(prefix.substring(0, prefix.length() - 2));
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
        known.add(DiscoveryConfig.METRICS_PREFIX);
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

    static boolean underMetricsSource(String name) {
        return name.startsWith("postflight.baseline.") || name.startsWith("postflight.drift.")
                || name.startsWith(DiscoveryConfig.METRICS_PREFIX + ".");
    }

    /** Whether the metrics-source binder reads {@code name}: some value of it changes or fails the bound source. */
    static boolean boundByMetricsSource(String name) {
        String prefix = name.startsWith("postflight.baseline.") ? BaselineMetricsSource.PREFIX
                : name.startsWith("postflight.drift.") ? DriftMetricsSource.PREFIX : DiscoveryConfig.METRICS_PREFIX;
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

    static MetricsSource bind(String prefix, Map<String, Object> properties) {
        try (ApplicationContext context = ApplicationContext.builder().properties(properties).build()) {
            Environment environment = context.getEnvironment().start();
            return MetricsSourceBinder.bind(environment, prefix);
        }
    }
}
