/**
 * The backtest: replays recorded scenarios step by step through the same judges the services run,
 * on the services' look schedules, and prints one verdict a line. No runtime: it needs only the
 * judges and the recorded scenarios.
 */
package io.postflight.backtest;
