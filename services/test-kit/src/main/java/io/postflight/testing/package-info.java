/**
 * Real parts for tests and for the embedded default: the in-JVM KRaft broker (or a Testcontainers
 * broker where Docker runs), a read-committed topic reader, a real Prometheus, scripted HTTP
 * targets and the TopologyTestDriver fixture.
 */
package io.postflight.testing;
