/**
 * Reference drift judges the drift judge is measured against, such as comparing the first and last
 * hour of a phase.
 */
package io.postflight.benchmarks.drift;
