/**
 * What every service process needs from Micronaut: the fail-fast configuration check, topic
 * creation at start-up (micronaut-kafka's NewTopic beans, awaited before any stream starts), the
 * shared Kafka settings and the logging context (deployment id, slot, phase) of each record.
 */
package io.postflight.runtime;
