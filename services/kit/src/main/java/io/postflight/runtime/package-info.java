/**
 * What every service process needs from Micronaut: the fail-fast configuration check, topic
 * creation at start-up (micronaut-kafka's NewTopic beans, awaited before any stream starts), the
 * shared Kafka settings, the logging context (deployment id, slot, phase) of each record, and the
 * watch on stream threads (a thread that dies is counted and makes readiness DOWN).
 */
package io.postflight.runtime;
