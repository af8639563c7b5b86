/**
 * Postflight's judges: pure functions from data to verdict (PASSED, FAILED or INCONCLUSIVE with
 * evidence), with the time of the look as a parameter. No I/O, no clock, no framework: the
 * services, the backtest and the benchmarks run the very same code.
 */
package io.postflight.judge;
