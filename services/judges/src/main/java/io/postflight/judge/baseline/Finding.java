package io.postflight.judge.baseline;

import io.postflight.contracts.Evidence;

/**
 * What one statistical check concluded.
 *
 * @param established a regression that is both statistically significant (the e-value crossed its
 *     threshold) and practically significant (beyond the tolerances)
 * @param suspected the point estimate is beyond the tolerances and the evidence leans that way
 *     (e-value past the square root of its threshold) without establishing it: not a PASS
 * @param evidence the numbers behind it
 * @param notShownWithin why the data do not yet show the candidate within the tolerances (what a
 *     PASS needs, {@link WithinTolerance}), or {@code null} when they do
 */
record Finding(boolean established, boolean suspected, Evidence evidence, String notShownWithin) {
}
