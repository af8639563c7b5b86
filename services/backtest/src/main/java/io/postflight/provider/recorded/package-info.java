/**
 * The recorded-scenario metrics provider: serves the traffic and resource series of a scenario
 * file (benchmarks/scenarios/FORMAT.md) through the metrics API, as a live provider would, for the
 * backtest and the benchmarks.
 */
package io.postflight.provider.recorded;
