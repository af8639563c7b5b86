/**
 * When the services look at a deployment, written once: the baseline verifier's statistical looks
 * and fast checks, and the drift verifier's looks from the promotion on. Pure time arithmetic (no
 * clock, no I/O), so the services and the backtest run the same schedule; see ADR 0012.
 */
package io.postflight.judge.schedule;
