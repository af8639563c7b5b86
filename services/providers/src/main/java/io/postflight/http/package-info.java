/**
 * The JSON-over-HTTP client the Prometheus and Alertmanager clients share: Micronaut's HTTP client
 * with the whole exchange bounded by a timeout, no redirects followed and error statuses returned
 * as answers, so the resilience policy decides what to retry.
 */
package io.postflight.http;
