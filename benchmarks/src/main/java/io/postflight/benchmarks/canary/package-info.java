/**
 * Reference canary judges the baseline judge is measured against: a fixed threshold and a Mann-
 * Whitney test as Kayenta runs it. They use the judges' own distributions and quantiles, so only
 * the decision rule differs.
 */
package io.postflight.benchmarks.canary;
