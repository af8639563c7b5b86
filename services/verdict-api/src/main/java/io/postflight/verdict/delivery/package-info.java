/**
 * Delivery figures from the verdict history: per service and environment, how often it deploys,
 * how many deployments were promoted and stayed, how many were rolled back (before or after
 * promotion, by Postflight or by hand), how long a decision and a restore take. Computed from the
 * histories every instance holds (rebuilt from the topics after a restart, nothing kept only in
 * memory), served by {@code GET /delivery} and exported as {@code postflight.delivery.*} gauges.
 * See docs/delivery-figures.md.
 */
package io.postflight.verdict.delivery;
