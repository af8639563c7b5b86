package io.postflight.runtime;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.ConfigurationReader;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.naming.NameUtils;
import io.micronaut.core.type.Argument;
import io.micronaut.inject.BeanDefinition;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Fails start-up, naming each offending property, when a {@code postflight.*} setting is missing
 * or cannot be read. Micronaut alone would quietly fall back to a property's default when a value
 * does not convert ("banana" as an interval), and would report a missing Kafka address deep in a
 * stack trace; an operator deserves one clear line per mistake.
 *
 * <p>Each value is checked by binding it as its settings record does: for every
 * {@code @ConfigurationProperties} record under {@code postflight}, each component's property
 * ({@code <prefix>.<kebab-case name>}) that is set is converted to the component's own type. The
 * metrics sources ({@code postflight.<phase>.metrics.*}) are bound and checked the same way by
 * {@code MetricsSourceBinder} when their service starts.
 */
@Context
public class ConfigurationCheck {

    public ConfigurationCheck(ApplicationContext context) {
        Environment environment = context.getEnvironment();
        List<String> problems = new ArrayList<>();
        Optional<String> bootstrap = environment.getProperty("postflight.kafka.bootstrap-servers", String.class);
        if (bootstrap.isEmpty() || bootstrap.get().isBlank()) {
            problems.add("postflight.kafka.bootstrap-servers (env POSTFLIGHT_KAFKA_BOOTSTRAP_SERVERS) is required:"
                    + " the Kafka brokers, e.g. kafka-0:9092,kafka-1:9092");
        }
        TreeSet<String> seen = new TreeSet<>();
        for (BeanDefinition<?> definition : context.getAllBeanDefinitions()) {
            String prefix = definition.stringValue(ConfigurationReader.class, "prefix").orElse("");
            if (!definition.hasStereotype(ConfigurationReader.class) || !prefix.startsWith("postflight")
                    || !seen.add(definition.getBeanType().getName())) {
                continue;
            }
            if (prefix.endsWith(".*")) {
                checkEach(environment, prefix.substring(0, prefix.length() - 2), definition, problems);
            } else if (!prefix.contains("*")) {
                for (Argument<?> component : definition.getConstructor().getArguments()) {
                    check(environment, prefix + "." + NameUtils.hyphenate(component.getName()), component, problems);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("invalid configuration:\n  - " + String.join("\n  - ", problems));
        }
    }

    /**
     * A named-entries record ({@code @EachProperty}, e.g. {@code postflight.policies.<name>.*}): each
     * entry's settings are converted like any other, and a setting the record does not have is a
     * mistake too: a misspelt key in an entry would otherwise be silently ignored, and a policy
     * quietly not applied is worse than none.
     */
    private static void checkEach(Environment env, String base, BeanDefinition<?> definition, List<String> problems) {
        List<Argument<?>> components = new ArrayList<>();
        TreeSet<String> known = new TreeSet<>();
        for (Argument<?> component : definition.getConstructor().getArguments()) {
            if (!component.getAnnotationMetadata().hasAnnotation(Parameter.class)) {
                components.add(component);
                known.add(NameUtils.hyphenate(component.getName()));
            }
        }
        for (String entry : new TreeSet<>(env.getPropertyEntries(base))) {
            for (Argument<?> component : components) {
                check(env, base + "." + entry + "." + NameUtils.hyphenate(component.getName()), component, problems);
            }
            for (String key : new TreeSet<>(env.getPropertyEntries(base + "." + entry))) {
                if (!known.contains(NameUtils.hyphenate(key))) {
                    problems.add(base + "." + entry + "." + key + ": unknown setting; known are " + known);
                }
            }
        }
    }

    /** Converts the property, if it is set, to the component's type; a problem when it does not convert. */
    private static void check(Environment env, String key, Argument<?> component, List<String> problems) {
        Optional<Object> raw = env.getProperty(key, Object.class);
        if (raw.isEmpty() || !simple(component.getType())) {
            return;
        }
        Class<?> type = component.getType();
        // Micronaut reads any word but yes/y/on/true as false: a typo would silently switch a feature off.
        boolean convertible = type == Boolean.class || type == boolean.class
                ? String.valueOf(raw.get()).strip().matches("(?i)true|false")
                : env.getProperty(key, component).isPresent();
        if (!convertible) {
            problems.add(key + ": '" + raw.get() + "' is not " + expected(type));
        }
    }

    /** Values written as one word: the nested maps and lists are checked where they are bound. */
    private static boolean simple(Class<?> type) {
        return type.isPrimitive() || Number.class.isAssignableFrom(type) || type == Boolean.class
                || type == Duration.class || type == URI.class || type.isEnum();
    }

    private static String expected(Class<?> type) {
        if (type == Duration.class) {
            return "a duration (write e.g. 500ms, 10s, 5m, 2h, 7d)";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == URI.class) {
            return "a URL";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return "a whole number";
    }
}
