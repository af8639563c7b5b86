package io.postflight.contracts;

import java.util.Map;

/**
 * One topic of the catalogue: its name, what its records are keyed by and carry, and how it is
 * created. Topics are created from this catalogue at start-up (or by a provisioning step), never by
 * broker auto-creation.
 *
 * @param name topic name
 * @param key what the record key is
 * @param value the record value's schema
 * @param partitions partition count
 * @param config topic configuration (cleanup policy, retention)
 */
public record TopicSpec(String name, String key, String value, int partitions, Map<String, String> config) {

    public String cleanupPolicy() {
        return config.getOrDefault("cleanup.policy", "delete");
    }
}
