package io.postflight.runtime;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Fails start-up, naming each offending property, when a {@code postflight.*} setting is missing
 * or cannot be read. Micronaut alone would quietly fall back to a property's default when a value
 * does not convert ("banana" as an interval), and would report a missing Kafka address deep in a
 * stack trace; an operator deserves one clear line per mistake.
 *
 * <p>Types are recognised by the properties' naming convention: durations end in
 * {@code -interval}, {@code -timeout}, {@code -duration}, ...; counts in {@code -attempts},
 * {@code -healthy}, ...; switches are {@code enabled} and {@code provision-topics}.
 */
@Context
public class ConfigurationCheck {
    private static final Pattern DURATION = Pattern.compile(
            ".*(-interval|-timeout|-duration|-backoff|-delay|-length|-period|-retention|-horizon|-observation"
                    + "|-age|^tick|-tick|^window|-window|warm-up|-allowance|^step|-step|^phase-start|^phase-end)$");
    private static final Pattern COUNT = Pattern.compile(
            ".*(-attempts|-healthy|-unhealthy|-flaps|-bytes|-blocks|-requests|-calls|replication-factor|-looks"
                    + "|-concurrency|-per-fetch)$");
    private static final Pattern SWITCH = Pattern.compile("^(enabled|provision-topics)$");

    public ConfigurationCheck(Environment environment) {
        List<String> problems = new ArrayList<>();
        Optional<String> bootstrap = environment.getProperty("postflight.kafka.bootstrap-servers", String.class);
        if (bootstrap.isEmpty() || bootstrap.get().isBlank()) {
            problems.add("postflight.kafka.bootstrap-servers (env POSTFLIGHT_KAFKA_BOOTSTRAP_SERVERS) is required:"
                    + " the Kafka brokers, e.g. kafka-0:9092,kafka-1:9092");
        }
        Map<String, Object> raw = new TreeMap<>(environment.getProperties("postflight"));
        raw.forEach((key, value) -> check(environment, "postflight." + key, value, problems));
        if (!problems.isEmpty()) {
            throw new ConfigurationException("invalid configuration:\n  - " + String.join("\n  - ", problems));
        }
    }

    private static void check(Environment env, String key, Object value, List<String> problems) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return;
        }
        String last = key.substring(key.lastIndexOf('.') + 1);
        String text = String.valueOf(value).trim();
        if (DURATION.matcher(last).matches() && env.getProperty(key, Duration.class).isEmpty()) {
            problems.add(key + ": '" + text + "' is not a duration (write e.g. 500ms, 10s, 5m, 2h, 7d)");
        } else if (COUNT.matcher(last).matches() && env.getProperty(key, Long.class).isEmpty()) {
            problems.add(key + ": '" + text + "' is not a whole number");
        } else if (SWITCH.matcher(last).matches() && !text.matches("(?i)true|false")) {
            problems.add(key + ": '" + text + "' is not true or false");
        }
    }
}
