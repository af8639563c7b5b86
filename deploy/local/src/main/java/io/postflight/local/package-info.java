/**
 * The all-in-one launcher and CLI (postflight.jar): run every service beside an in-JVM broker,
 * play the scripted demo, or backtest recorded scenarios.
 */
package io.postflight.local;
