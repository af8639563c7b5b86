/**
 * What every service process needs from Micronaut: the fail-fast configuration check, topic
 * provisioning at start-up, the shared Kafka settings and the logging context (deployment id,
 * slot, phase) of each record.
 */
package io.postflight.runtime;
