/**
 * The gateway: decodes deploy events from CD systems, dead-letters what it cannot read,
 * deduplicates re-deliveries, resolves targets and starts one verification per deployment, keyed
 * by slot.
 */
package io.postflight.gateway;
