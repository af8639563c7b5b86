/**
 * Delivery of alerts to on-call through Alertmanager's v2 API: mapping an alert to Alertmanager's
 * payload, retrying while it is unreachable, and dead-lettering alerts it can never accept.
 */
package io.postflight.decision.alertmanager;
