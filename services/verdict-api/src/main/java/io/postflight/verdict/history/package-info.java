/**
 * A deployment's history as the verdict API serves it, and the pure rules that assemble it from
 * the topics' records ({@link io.postflight.verdict.history.HistoryAssembly}), filter and page it
 * ({@link io.postflight.verdict.history.DeploymentQuery}, {@link io.postflight.verdict.history.PageCursor}).
 * No Kafka, no HTTP, no clock.
 */
package io.postflight.verdict.history;
