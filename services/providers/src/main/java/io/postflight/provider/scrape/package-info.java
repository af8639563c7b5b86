/**
 * The scrape provider: reads the instances' own metrics pages (Prometheus exposition format) on an
 * interval and turns counters and histograms into the same series the Prometheus provider returns,
 * for installations without a Prometheus.
 */
package io.postflight.provider.scrape;
