/**
 * The health judge: tallies probe rounds per instance and decides healthy, failing (sustained
 * unhealthiness, crash loops) or inconclusive.
 */
package io.postflight.judge.health;
