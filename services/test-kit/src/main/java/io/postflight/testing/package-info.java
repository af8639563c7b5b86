/**
 * Real parts for tests and for the embedded default: the in-JVM KRaft broker (or a Testcontainers
 * broker where Docker runs), a read-committed topic reader, a real Prometheus, scripted HTTP
 * targets, the TopologyTestDriver fixture and the check of committed OpenAPI documents.
 *
 * <p>Waits are Awaitility waits with {@code dontCatchUncaughtExceptions()}: otherwise Awaitility
 * sets a JVM-wide default handler while it waits and fails the wait on an exception escaping any
 * thread of the process (the launcher runs the broker's wait too), which is not what they wait for.
 */
package io.postflight.testing;
