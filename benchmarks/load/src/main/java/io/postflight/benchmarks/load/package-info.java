/**
 * Load and start-up benchmarks of the running services: a real (in-JVM) broker, stub targets on
 * loopback, each service as it ships. Mains print figures; docs/performance.md records them.
 */
package io.postflight.benchmarks.load;
